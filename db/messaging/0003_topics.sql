-- Topics: a village's message boards. Villagers create their own (`topics.create`); the app
-- declares fixed ones in the metadata document `app/topics`, created in every village (one per
-- (village, fixed_key)) and not deletable by villagers. Moderators pin, lock and archive.

create table messaging.topics (
  id uuid primary key default messaging.uuid_v7(),
  -- Identity's village id. No foreign key: the access replica may learn a village after its topics.
  village_id uuid not null,
  -- The key of an app-defined fixed topic in `app/topics`; null for a villager's topic.
  fixed_key text constraint topics_fixed_key_check check (fixed_key ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$'),
  title text not null constraint topics_title_check check (char_length(title) between 1 and 200),
  description text not null default ''
    constraint topics_description_check check (char_length(description) <= 4000),
  -- The villager who created it; null for fixed topics.
  created_by uuid,
  pinned boolean not null default false,
  locked boolean not null default false,
  archived boolean not null default false,
  data jsonb not null default '{}'
    constraint topics_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 65536),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint topics_village_fixed_key_key unique (village_id, fixed_key)
);

-- The village's list: archived or not, pinned first, then newest first; keyset on
-- (pinned, created_at, id).
create index topics_village_list_idx
  on messaging.topics (village_id, archived, pinned desc, created_at desc, id desc);

-- The app's `app/topics` document as messaging last read it (one row): the fixed topics every
-- village gets. Kept so a village created later gets them without asking identity.
create table messaging.app_topics (
  id boolean primary key default true constraint app_topics_single_row_check check (id),
  -- { "<key>": { "title": …, "description"?: …, "locked"?: … } }, validated by the contract.
  topics jsonb not null constraint app_topics_topics_object_check check (jsonb_typeof(topics) = 'object'),
  -- The metadata document's version (0 when there is none).
  document_version integer not null,
  -- occurredAt of the identity.metadata.updated event it came from; null for a read at start.
  -- Events order by it (a deleted and re-created document starts its versions again).
  version_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Villages messaging heard of from `village.created` (the access replica may learn them later):
-- the fixed topics of a newer `app/topics` document reach them too.
create table messaging.topic_villages (
  village_id uuid primary key,
  created_at timestamptz not null default now()
);

-- The row every topic function returns.
create or replace function messaging.topic_result(p_topic messaging.topics)
returns table (
  id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid,
  pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p_topic.id, p_topic.village_id, p_topic.fixed_key, p_topic.title, p_topic.description,
         p_topic.created_by, p_topic.pinned, p_topic.locked, p_topic.archived, p_topic.data,
         p_topic.created_at, p_topic.updated_at,
         -- Microsecond precision, so a cursor built from it skips and repeats nothing.
         to_char(p_topic.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
$$;

-- The payload fields every topic event carries.
create or replace function messaging.topic_event_fields(p_topic messaging.topics)
returns jsonb
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object('topicId', p_topic.id, 'villageId', p_topic.village_id,
                            'fixedKey', p_topic.fixed_key, 'title', p_topic.title,
                            'description', p_topic.description, 'createdBy', p_topic.created_by,
                            'pinned', p_topic.pinned, 'locked', p_topic.locked,
                            'archived', p_topic.archived, 'data', p_topic.data);
$$;

-- One page of a village's topics (archived ones when p_archived, the others otherwise): pinned
-- first, then newest first, after the (pinned, created_at, id) cursor when given.
create or replace function messaging.list_topics(
  p_village_id uuid,
  p_limit integer,
  p_archived boolean default false,
  p_before_pinned boolean default null,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null
) returns table (
  id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid,
  pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*
    from messaging.topics t
   cross join lateral messaging.topic_result(t) r
   where t.village_id = p_village_id
     and t.archived = coalesce(p_archived, false)
     -- One row comparison (no `is null or`), so even a generic plan bounds the index scan.
     and (t.pinned, t.created_at, t.id)
         < (coalesce(p_before_pinned, true), coalesce(p_before_created_at, 'infinity'),
            coalesce(p_before_id, 'ffffffff-ffff-ffff-ffff-ffffffffffff'))
   order by t.pinned desc, t.created_at desc, t.id desc
   limit p_limit;
$$;

-- One topic; no row when there is none.
create or replace function messaging.get_topic(p_topic_id uuid)
returns table (
  id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid,
  pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.* from messaging.topics t cross join lateral messaging.topic_result(t) r where t.id = p_topic_id;
$$;

-- A villager's new topic, with topic.created.
create or replace function messaging.create_topic(
  p_village_id uuid,
  p_actor_id uuid,
  p_title text,
  p_description text default '',
  p_data jsonb default '{}'
) returns table (
  id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid,
  pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_topic messaging.topics;
begin
  insert into messaging.topics as t (village_id, title, description, created_by, data)
  values (p_village_id, p_title, coalesce(p_description, ''), p_actor_id, coalesce(p_data, '{}'))
  returning t.* into v_topic;

  perform messaging.emit_event('messaging.topic.created', 1, p_village_id, p_actor_id,
    messaging.topic_event_fields(v_topic));
  return query select * from messaging.topic_result(v_topic);
end;
$$;

-- Changes the fields given (a null argument leaves its field alone); when something changed,
-- topic.updated names the fields. No row when there is no such topic.
create or replace function messaging.update_topic(
  p_topic_id uuid,
  p_actor_id uuid,
  p_title text default null,
  p_description text default null,
  p_data jsonb default null,
  p_pinned boolean default null,
  p_locked boolean default null,
  p_archived boolean default null
) returns table (
  id uuid, village_id uuid, fixed_key text, title text, description text, created_by uuid,
  pinned boolean, locked boolean, archived boolean, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_old messaging.topics;
  v_new messaging.topics;
  v_changed text[] := '{}';
begin
  select t.* into v_old from messaging.topics t where t.id = p_topic_id for update of t;
  if not found then
    return;
  end if;

  v_new := v_old;
  v_new.title := coalesce(p_title, v_old.title);
  v_new.description := coalesce(p_description, v_old.description);
  v_new.data := coalesce(p_data, v_old.data);
  v_new.pinned := coalesce(p_pinned, v_old.pinned);
  v_new.locked := coalesce(p_locked, v_old.locked);
  v_new.archived := coalesce(p_archived, v_old.archived);

  if v_new.title is distinct from v_old.title then v_changed := array_append(v_changed, 'title'); end if;
  if v_new.description is distinct from v_old.description then v_changed := array_append(v_changed, 'description'); end if;
  if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;
  if v_new.pinned is distinct from v_old.pinned then v_changed := array_append(v_changed, 'pinned'); end if;
  if v_new.locked is distinct from v_old.locked then v_changed := array_append(v_changed, 'locked'); end if;
  if v_new.archived is distinct from v_old.archived then v_changed := array_append(v_changed, 'archived'); end if;

  if cardinality(v_changed) = 0 then
    return query select * from messaging.topic_result(v_old);
    return;
  end if;

  update messaging.topics t
     set title = v_new.title, description = v_new.description, data = v_new.data,
         pinned = v_new.pinned, locked = v_new.locked, archived = v_new.archived, updated_at = now()
   where t.id = p_topic_id
  returning t.* into v_new;

  perform messaging.emit_event('messaging.topic.updated', 1, v_new.village_id, p_actor_id,
    messaging.topic_event_fields(v_new) || jsonb_build_object('changed', to_jsonb(v_changed)));
  return query select * from messaging.topic_result(v_new);
end;
$$;

-- Removes a villager's topic (its posts with it), with topic.deleted. Fixed topics are never
-- removed here (no row, like a topic that does not exist).
create or replace function messaging.delete_topic(p_topic_id uuid, p_actor_id uuid)
returns table (topic_id uuid, village_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_topic messaging.topics;
begin
  delete from messaging.topics t
   where t.id = p_topic_id and t.fixed_key is null
  returning t.* into v_topic;
  if not found then
    return;
  end if;
  perform messaging.emit_event('messaging.topic.deleted', 1, v_topic.village_id, p_actor_id,
    jsonb_build_object('topicId', v_topic.id, 'villageId', v_topic.village_id, 'fixedKey', null,
                       'title', v_topic.title));
  return query select v_topic.id, v_topic.village_id;
end;
$$;

-- Creates the missing fixed topics of p_topics in one village, and brings the title and
-- description of existing ones in line with the document, each with topic.created /
-- topic.updated. Idempotent: the unique (village_id, fixed_key) keeps one per village. A topic
-- the document no longer lists stays (its posts with it). Returns the topics created.
create or replace function messaging.ensure_fixed_topics_in_village(p_village_id uuid, p_topics jsonb)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_key text;
  v_def jsonb;
  v_topic messaging.topics;
  v_old messaging.topics;
  v_changed text[];
  v_created integer := 0;
begin
  for v_key, v_def in select e.key, e.value from jsonb_each(p_topics) e order by e.key loop
    insert into messaging.topics as t (village_id, fixed_key, title, description, locked)
    values (p_village_id, v_key, v_def ->> 'title', coalesce(v_def ->> 'description', ''),
            coalesce((v_def ->> 'locked')::boolean, false))
    on conflict on constraint topics_village_fixed_key_key do nothing
    returning t.* into v_topic;
    if found then
      v_created := v_created + 1;
      perform messaging.emit_event('messaging.topic.created', 1, p_village_id, null,
        messaging.topic_event_fields(v_topic));
      continue;
    end if;

    select t.* into v_old from messaging.topics t
     where t.village_id = p_village_id and t.fixed_key = v_key
       for update of t;
    v_changed := '{}';
    if v_old.title is distinct from v_def ->> 'title' then
      v_changed := array_append(v_changed, 'title');
    end if;
    if v_old.description is distinct from coalesce(v_def ->> 'description', '') then
      v_changed := array_append(v_changed, 'description');
    end if;
    if cardinality(v_changed) > 0 then
      update messaging.topics t
         set title = v_def ->> 'title', description = coalesce(v_def ->> 'description', ''), updated_at = now()
       where t.id = v_old.id
      returning t.* into v_topic;
      perform messaging.emit_event('messaging.topic.updated', 1, p_village_id, null,
        messaging.topic_event_fields(v_topic) || jsonb_build_object('changed', to_jsonb(v_changed)));
    end if;
  end loop;
  return v_created;
end;
$$;

-- Stores the `app/topics` document and ensures its fixed topics in every live village messaging
-- knows (the access replica's and those of village.created). An event's document (p_occurred_at
-- given) replaces one from an older event or from a read at start; a document read at start
-- (p_occurred_at null) replaces only an older read, never an event's. Whichever document is stored
-- afterwards is the one ensured. Returns the topics created.
create or replace function messaging.apply_app_topics(
  p_topics jsonb, p_document_version integer, p_occurred_at timestamptz default null
) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_village uuid;
  v_created integer := 0;
begin
  -- Serialises documents and new villages, so none is missed between the two.
  perform pg_advisory_xact_lock(hashtextextended('messaging.app_topics', 0));
  insert into messaging.app_topics as a (topics, document_version, version_at)
  values (p_topics, p_document_version, p_occurred_at)
  on conflict (id) do update
     set topics = excluded.topics, document_version = excluded.document_version,
         version_at = excluded.version_at, updated_at = now()
   where case when excluded.version_at is null
              then a.version_at is null and a.document_version <= excluded.document_version
              else a.version_at is null or a.version_at <= excluded.version_at end;
  -- Ensured even when the document was not newer (idempotent), so a village missed earlier gets its topics.
  for v_village in
    select v.id from messaging.villages v where not v.deleted
    union
    select tv.village_id from messaging.topic_villages tv
     where not exists (select 1 from messaging.villages v where v.id = tv.village_id and v.deleted)
  loop
    v_created := v_created + messaging.ensure_fixed_topics_in_village(
      v_village, (select a.topics from messaging.app_topics a));
  end loop;
  return v_created;
end;
$$;

-- village.created: the new village gets the stored document's fixed topics. Returns the topics created.
create or replace function messaging.create_fixed_topics(p_village_id uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_topics jsonb;
begin
  perform pg_advisory_xact_lock(hashtextextended('messaging.app_topics', 0));
  insert into messaging.topic_villages (village_id) values (p_village_id) on conflict do nothing;
  select a.topics into v_topics from messaging.app_topics a;
  if v_topics is null then
    return 0;
  end if;
  return messaging.ensure_fixed_topics_in_village(p_village_id, v_topics);
end;
$$;
