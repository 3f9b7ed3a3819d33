-- Set-wise emit_event: a function that writes many rows writes their events in one statement (one
-- insert, one pg_notify) instead of a call per row. Same envelope fields and request context.

-- The request context of the command that wrote the events, set by the platform's Database for the
-- statement (`vv.request_id`, `vv.traceparent`); a value that is not well-formed is not recorded (the
-- envelope's contract would refuse it).
create or replace function {{schema}}.outbox_request_context(out request_id text, out traceparent text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select case when r ~ '^[A-Za-z0-9_.-]{1,128}$' then r end,
         case when t ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' then t end
    from (select current_setting('vv.request_id', true) as r, current_setting('vv.traceparent', true) as t) as c;
$$;

create or replace function {{schema}}.emit_event(
  p_type text, p_version integer, p_village_id uuid, p_actor_id uuid, p_data jsonb
) returns uuid
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id uuid := {{schema}}.uuid_v7();
begin
  insert into {{schema}}.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select v_id, p_type, p_version, p_village_id, p_actor_id, p_data, c.request_id, c.traceparent
    from {{schema}}.outbox_request_context() as c;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('{{schema}}_outbox', '');
  return v_id;
end;
$$;

-- Appends one event of p_type per element of p_data (in that order, so in that seq order), the i-th
-- with village p_village_ids[i] and actor p_actor_ids[i] (arrays of the same length; nulls allowed).
-- Returns how many were written.
create or replace function {{schema}}.emit_events(
  p_type text, p_version integer, p_village_ids uuid[], p_actor_ids uuid[], p_data jsonb[]
) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer;
begin
  if cardinality(p_data) is distinct from cardinality(p_village_ids)
     or cardinality(p_data) is distinct from cardinality(p_actor_ids) then
    raise exception using errcode = '22023', message = 'invalid',
      detail = 'emit_events: p_village_ids, p_actor_ids and p_data must have the same length';
  end if;
  if coalesce(cardinality(p_data), 0) = 0 then
    return 0;
  end if;
  insert into {{schema}}.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select {{schema}}.uuid_v7(), p_type, p_version, e.village_id, e.actor_id, e.data, c.request_id, c.traceparent
    from unnest(p_village_ids, p_actor_ids, p_data) with ordinality as e(village_id, actor_id, data, ord)
   cross join {{schema}}.outbox_request_context() as c
   order by e.ord;
  get diagnostics v_count = row_count;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('{{schema}}_outbox', '');
  return v_count;
end;
$$;
