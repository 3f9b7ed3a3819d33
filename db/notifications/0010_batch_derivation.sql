-- Notification derivation for a batch of events in a few statements (the consumer applies up to a
-- hundred events per transaction): set-wise forms of the audience, preference and creation functions.
-- Each runs the single form per key (inlined where PostgreSQL can), so the rules stay in one place.

-- For pairs (p_village_ids[i], p_user_ids[i]): those not known to have left the village.
create or replace function notifications.exclude_former_members_many(p_village_ids uuid[], p_user_ids uuid[])
returns table (village_id uuid, user_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.village_id, m.user_id
    from (select k.village_id, array_agg(k.user_id) as user_ids
            from unnest(p_village_ids, p_user_ids) as k(village_id, user_id)
           group by k.village_id) as v
   cross join lateral notifications.exclude_former_members(v.village_id, v.user_ids) as m;
$$;

-- The current members of each village.
create or replace function notifications.village_member_ids_many(p_village_ids uuid[])
returns table (village_id uuid, user_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select v.village_id, m.user_id
    from (select distinct k.village_id from unnest(p_village_ids) as k(village_id)) as v
   cross join lateral notifications.village_member_ids(v.village_id) as m;
$$;

-- The watchers of each topic (p_topic_ids[i] of village p_village_ids[i]).
create or replace function notifications.topic_watchers_many(p_village_ids uuid[], p_topic_ids uuid[])
returns table (village_id uuid, topic_id uuid, user_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select t.village_id, t.topic_id, w.user_id
    from (select distinct k.village_id, k.topic_id
            from unnest(p_village_ids, p_topic_ids) as k(village_id, topic_id)) as t
   cross join lateral notifications.topic_watchers(t.village_id, t.topic_id) as w;
$$;

-- The stored preferences of users p_user_ids[i] for village p_village_ids[i], with their setting of
-- topic p_topic_ids[i] (null: no topic asked about). Users with no preferences have no row.
create or replace function notifications.preferences_of_many(
  p_village_ids uuid[], p_topic_ids uuid[], p_user_ids uuid[]
) returns table (village_id uuid, topic_id uuid, user_id uuid, level text, topic_setting text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select g.village_id, g.topic_id, p.user_id, p.level, p.topic_setting
    from (select k.village_id, k.topic_id, array_agg(distinct k.user_id) as user_ids
            from unnest(p_village_ids, p_topic_ids, p_user_ids) as k(village_id, topic_id, user_id)
           group by k.village_id, k.topic_id) as g
   cross join lateral notifications.preferences_of(g.village_id, g.user_ids, g.topic_id) as p;
$$;

-- create_account_notifications (no notification for an account known deleted) for each element of
-- p_notifications, in order: {sourceEventId, kind,
-- villageId, actorId, userIds, subject, data, occurredAt}. Returns the notifications made now.
create or replace function notifications.create_notifications_many(p_notifications jsonb)
returns table (source_event_id uuid, kind text, id uuid, user_id uuid, pushes integer)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v jsonb;
begin
  if jsonb_typeof(p_notifications) is distinct from 'array' then
    raise exception using errcode = '22023', message = 'invalid', detail = 'p_notifications must be an array';
  end if;
  for v in select e.value from jsonb_array_elements(p_notifications) as e loop
    return query
      select (v ->> 'sourceEventId')::uuid, v ->> 'kind', c.id, c.user_id, c.pushes
        from notifications.create_account_notifications(
          (v ->> 'sourceEventId')::uuid, v ->> 'kind', (v ->> 'villageId')::uuid, (v ->> 'actorId')::uuid,
          array(select jsonb_array_elements_text(v -> 'userIds'))::uuid[], v -> 'subject', v -> 'data',
          (v ->> 'occurredAt')::timestamptz) as c;
  end loop;
end;
$$;
