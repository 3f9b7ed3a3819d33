-- Notification preferences: per member and village a level (all | mentions_and_direct | none,
-- default all), and per topic a setting (watch | mute; `normal`, the default, is not stored).
-- What each means is decided in TypeScript (src/preferences/preference-rules.ts); these tables
-- only keep the choices. Topic ids are messaging's; they are not checked here (an id that is not a
-- topic of the village never matches a post of it).

create table notifications.village_preferences (
  id uuid primary key default notifications.uuid_v7(),
  user_id uuid not null,
  village_id uuid not null,
  level text not null default 'all'
    constraint village_preferences_level_check check (level in ('all', 'mentions_and_direct', 'none')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint village_preferences_user_village_key unique (user_id, village_id)
);

create index village_preferences_village_id_idx on notifications.village_preferences (village_id);

create table notifications.topic_preferences (
  id uuid primary key default notifications.uuid_v7(),
  user_id uuid not null,
  village_id uuid not null,
  topic_id uuid not null,
  setting text not null constraint topic_preferences_setting_check check (setting in ('watch', 'mute')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint topic_preferences_user_topic_key unique (user_id, topic_id),
  constraint topic_preferences_village_preferences_fkey foreign key (user_id, village_id)
    references notifications.village_preferences (user_id, village_id) on delete cascade
);

-- The watchers of a topic.
create index topic_preferences_topic_setting_idx on notifications.topic_preferences (topic_id, setting, user_id);
-- One member's topics of a village (the preferences read and the replace).
create index topic_preferences_user_village_idx on notifications.topic_preferences (user_id, village_id);

-- The member's preferences for the village; no row until they saved some.
create or replace function notifications.get_preferences(p_user_id uuid, p_village_id uuid)
returns table (village_id uuid, level text, topics jsonb, updated_at timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p.village_id, p.level,
         coalesce((select jsonb_object_agg(t.topic_id::text, t.setting)
                     from notifications.topic_preferences t
                    where t.user_id = p.user_id and t.village_id = p.village_id), '{}'::jsonb),
         p.updated_at
    from notifications.village_preferences p
   where p.user_id = p_user_id and p.village_id = p_village_id;
$$;

-- Replaces the member's preferences for the village: the level, and the topics (p_topics: topic id
-- → watch | normal | mute; `normal` entries are dropped). Returns what get_preferences returns.
create or replace function notifications.put_preferences(
  p_user_id uuid, p_village_id uuid, p_level text, p_topics jsonb
) returns table (village_id uuid, level text, topics jsonb, updated_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  if jsonb_typeof(p_topics) is distinct from 'object' then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_topics must be an object';
  end if;
  insert into notifications.village_preferences as p (user_id, village_id, level)
  values (p_user_id, p_village_id, p_level)
  on conflict on constraint village_preferences_user_village_key
  do update set level = excluded.level, updated_at = now();

  delete from notifications.topic_preferences t where t.user_id = p_user_id and t.village_id = p_village_id;
  insert into notifications.topic_preferences (user_id, village_id, topic_id, setting)
  select p_user_id, p_village_id, e.key::uuid, e.value
    from jsonb_each_text(p_topics) e
   where e.value <> 'normal';

  return query select * from notifications.get_preferences(p_user_id, p_village_id);
end;
$$;

-- The stored preferences of some users for a village: their level and their setting of p_topic_id
-- (null when they have none, or no topic is asked about). Users with no preferences have no row.
create or replace function notifications.preferences_of(p_village_id uuid, p_user_ids uuid[], p_topic_id uuid)
returns table (user_id uuid, level text, topic_setting text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p.user_id, p.level, t.setting
    from notifications.village_preferences p
    left join notifications.topic_preferences t
      on t.user_id = p.user_id and t.topic_id = p_topic_id and t.village_id = p.village_id
   where p.village_id = p_village_id and p.user_id = any(p_user_ids);
$$;

-- Everything of a topic that was deleted.
create or replace function notifications.forget_topic_preferences(p_topic_id uuid)
returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (delete from notifications.topic_preferences t where t.topic_id = p_topic_id returning 1)
  select count(*)::integer from gone;
$$;
