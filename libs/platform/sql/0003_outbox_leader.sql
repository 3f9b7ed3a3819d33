-- One active relay per service publishes the outbox in order (docs/reliability.md, "Order and delivery").
-- Leases are gone: the relay that holds the schema's session-level advisory lock is the only one that
-- publishes, so no row is ever claimed; its session ending (a crash included) frees the lock at once.

-- The request context of the command that wrote the event, set by the platform's Database for the
-- statement (`vv.request_id`, `vv.traceparent`, transaction-local) and published in the envelope.
alter table {{schema}}.outbox
  add column request_id text,
  add column traceparent text,
  drop column claimed_until;

drop function {{schema}}.claim_outbox(integer, integer);
drop function {{schema}}.mark_outbox_published(uuid[]);

create or replace function {{schema}}.emit_event(
  p_type text, p_version integer, p_village_id uuid, p_actor_id uuid, p_data jsonb
) returns uuid
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id uuid := {{schema}}.uuid_v7();
  v_request_id text := current_setting('vv.request_id', true);
  v_traceparent text := current_setting('vv.traceparent', true);
begin
  -- A context that is not well-formed is not recorded (the envelope's contract would refuse it).
  if v_request_id !~ '^[A-Za-z0-9_.-]{1,128}$' then
    v_request_id := null;
  end if;
  if v_traceparent !~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' then
    v_traceparent := null;
  end if;
  insert into {{schema}}.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  values (v_id, p_type, p_version, p_village_id, p_actor_id, p_data, v_request_id, v_traceparent);
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('{{schema}}_outbox', '');
  return v_id;
end;
$$;

-- True when this session now holds the schema's relay lock (session-level: held until the session
-- ends). Call it only while not holding it: each success takes the lock once more.
create or replace function {{schema}}.try_lead_outbox() returns boolean
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  select pg_try_advisory_lock(hashtextextended('vv.outbox.{{schema}}', 0));
$$;

-- Marks the given events published, then returns the next pending rows in seq order: one statement
-- per batch. Selecting every unpublished row (not "seq > last seen") is what keeps a row that
-- committed late, behind a higher seq, from being skipped.
create or replace function {{schema}}.next_outbox_batch(p_published uuid[], p_limit integer)
returns table (seq bigint, id uuid, type text, version integer, village_id uuid, actor_id uuid,
               data jsonb, occurred_at timestamptz, request_id text, traceparent text)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
begin
  update {{schema}}.outbox o set published_at = clock_timestamp()
   where o.id = any(p_published) and o.published_at is null;
  return query
    select o.seq, o.id, o.type, o.version, o.village_id, o.actor_id, o.data, o.occurred_at,
           o.request_id, o.traceparent
      from {{schema}}.outbox o
     where o.published_at is null
     order by o.seq
     limit p_limit;
end;
$$;

-- What is waiting to be published: how many rows, and since when the oldest.
create or replace function {{schema}}.outbox_backlog()
returns table (pending bigint, oldest_occurred_at timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select count(*), min(o.occurred_at) from {{schema}}.outbox o where o.published_at is null;
$$;
