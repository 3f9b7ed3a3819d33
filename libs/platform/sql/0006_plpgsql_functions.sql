-- Every platform function in plpgsql (it was `language sql`). A SQL function with `set search_path`
-- (db/CONVENTIONS.md) is never inlined, and PostgreSQL before 18 parses and plans its body again at
-- every call: ~80-100 µs per call here, paid by every statement that calls it (get_membership, uuid_v7
-- ...). plpgsql keeps its plans for the session. Bodies and results are unchanged: a set-returning
-- function returns its query, a scalar one the first row of its select (null when none), as before.

create or replace function {{schema}}.claim_inbox_batch(p_consumer text, p_event_ids uuid[])
 returns setof uuid
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  insert into {{schema}}.inbox (consumer, event_id)
  select p_consumer, e.id from unnest(p_event_ids) as e(id)
  on conflict do nothing
  returning event_id;
end;
$function$;

create or replace function {{schema}}.complete_idempotency_key(p_user_id uuid, p_key text, p_response jsonb)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  update {{schema}}.idempotency_keys set response = p_response where user_id = p_user_id and key = p_key;
end;
$function$;

create or replace function {{schema}}.count_pending_outbox()
 returns bigint
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result bigint;
begin
  select count(*) from {{schema}}.outbox where published_at is null
    into v_result;
  return v_result;
end;
$function$;

create or replace function {{schema}}.outbox_backlog()
 returns table (pending bigint, oldest_occurred_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select count(*), min(o.occurred_at) from {{schema}}.outbox o where o.published_at is null;
end;
$function$;

create or replace function {{schema}}.outbox_request_context(OUT request_id text, OUT traceparent text)
 returns record
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  select case when r ~ '^[A-Za-z0-9_.-]{1,128}$' then r end,
       case when t ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' then t end
  from (select current_setting('vv.request_id', true) as r, current_setting('vv.traceparent', true) as t) as c
    into request_id, traceparent;
  return;
end;
$function$;

create or replace function {{schema}}.purge_idempotency_keys(p_created_before timestamp with time zone)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from {{schema}}.idempotency_keys where created_at < p_created_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function {{schema}}.purge_inbox(p_consumer text, p_processed_before timestamp with time zone, p_limit integer)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with doomed as (
    select i.event_id from {{schema}}.inbox i
     where i.consumer = p_consumer and i.processed_at < p_processed_before
     limit p_limit
       for update skip locked),
  gone as (
    delete from {{schema}}.inbox i using doomed d
     where i.consumer = p_consumer and i.event_id = d.event_id
    returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function {{schema}}.purge_outbox(p_published_before timestamp with time zone)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from {{schema}}.outbox where published_at < p_published_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function {{schema}}.try_lead_outbox()
 returns boolean
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return pg_try_advisory_lock(hashtextextended('vv.outbox.{{schema}}', 0));
end;
$function$;

create or replace function {{schema}}.uuid_v7()
 returns uuid
 language plpgsql
 parallel safe
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  -- 48-bit Unix milliseconds, then random bits; version nibble 7, RFC 9562 variant.
  return encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
        from 1 for 6),
      52, 1), 53, 1),
    'hex')::uuid;
end;
$function$;
