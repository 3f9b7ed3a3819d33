--
-- PostgreSQL database dump
--

SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: calendar; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA calendar;

--
-- Name: apply_app_roles_event(jsonb, integer, timestamp with time zone, uuid); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.apply_app_roles_event(p_roles jsonb, p_document_version integer, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into calendar.app_roles as r (roles, document_version, version_at, version_event_id)
  values (p_roles, p_document_version, p_occurred_at, p_event_id)
  on conflict (id) do update
     set roles = excluded.roles,
         document_version = excluded.document_version,
         version_at = excluded.version_at,
         version_event_id = excluded.version_event_id,
         updated_at = now()
   where r.version_at is null or excluded.version_at >= r.version_at;
  return found;
end;
$$;

--
-- Name: apply_membership_event(uuid, uuid, text, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.apply_membership_event(p_village_id uuid, p_user_id uuid, p_role text, p_removed boolean, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into calendar.village_members as m
    (village_id, user_id, role, removed, version_at, version_event_id)
  values (p_village_id, p_user_id, p_role, p_removed, p_occurred_at, p_event_id)
  on conflict (village_id, user_id) do update
     set role = excluded.role,
         removed = excluded.removed,
         version_at = excluded.version_at,
         version_event_id = excluded.version_event_id,
         revision = m.revision + 1,
         updated_at = now()
   where m.version_at is null or excluded.version_at >= m.version_at;
  return found;
end;
$$;

--
-- Name: apply_village_event(uuid, text, boolean, timestamp with time zone, uuid); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.apply_village_event(p_village_id uuid, p_visibility text, p_deleted boolean, p_occurred_at timestamp with time zone, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into calendar.villages as v (id, visibility, deleted, version_at, version_event_id)
  values (p_village_id, p_visibility, p_deleted, p_occurred_at, p_event_id)
  on conflict (id) do update
     set visibility = coalesce(excluded.visibility, v.visibility),
         deleted = excluded.deleted,
         version_at = excluded.version_at,
         version_event_id = excluded.version_event_id,
         revision = v.revision + 1,
         updated_at = now()
   where not v.deleted
     and (v.version_at is null or excluded.version_at >= v.version_at);
  return found;
end;
$$;

--
-- Name: begin_replica_bootstrap(text, integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.begin_replica_bootstrap(p_replica text, p_lease_ms integer) RETURNS timestamp with time zone
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_started_at timestamptz := date_trunc('milliseconds', clock_timestamp());
begin
  insert into calendar.replica_bootstraps as r (replica, started_at, leased_until)
  values (p_replica, v_started_at, clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0))
  on conflict (replica) do update
     set started_at = excluded.started_at, leased_until = excluded.leased_until, updated_at = now()
   where r.leased_until is null or r.leased_until < clock_timestamp();
  return case when found then v_started_at end;
end;
$$;

--
-- Name: cancel_event(uuid, uuid); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.cancel_event(p_event_id uuid, p_actor_id uuid) RETURNS TABLE(event_id uuid, village_id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_event calendar.events;
begin
  update calendar.events e set cancelled_at = now(), updated_at = now()
   where e.id = p_event_id and e.cancelled_at is null
  returning e.* into v_event;
  if not found then
    return;
  end if;
  perform calendar.emit_event('calendar.calendar_event.cancelled', 1, v_event.village_id, p_actor_id,
    calendar.event_event_fields(v_event) || jsonb_build_object('occurrence', null));
  return query select v_event.id, v_event.village_id;
end;
$$;

--
-- Name: claim_idempotency_key(uuid, text, text, integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.claim_idempotency_key(p_user_id uuid, p_key text, p_fingerprint text, p_ttl_seconds integer) RETURNS TABLE(fingerprint text, response jsonb)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  -- A key past its lifetime is free again.
  delete from calendar.idempotency_keys k
   where k.user_id = p_user_id and k.key = p_key
     and k.created_at < clock_timestamp() - make_interval(secs => p_ttl_seconds);
  insert into calendar.idempotency_keys (user_id, key, fingerprint)
  values (p_user_id, p_key, p_fingerprint)
  on conflict do nothing;
  if found then
    return;
  end if;
  return query
    select k.fingerprint, k.response from calendar.idempotency_keys k
     where k.user_id = p_user_id and k.key = p_key;
end;
$$;

--
-- Name: claim_inbox(text, uuid); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.claim_inbox(p_consumer text, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into calendar.inbox (consumer, event_id) values (p_consumer, p_event_id)
  on conflict do nothing;
  return found;
end;
$$;

--
-- Name: claim_inbox_batch(text, uuid[]); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.claim_inbox_batch(p_consumer text, p_event_ids uuid[]) RETURNS SETOF uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  insert into calendar.inbox (consumer, event_id)
  select p_consumer, e.id from unnest(p_event_ids) as e(id)
  on conflict do nothing
  returning event_id;
end;
$$;

--
-- Name: complete_idempotency_key(uuid, text, jsonb); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.complete_idempotency_key(p_user_id uuid, p_key text, p_response jsonb) RETURNS void
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update calendar.idempotency_keys set response = p_response where user_id = p_user_id and key = p_key;
end;
$$;

--
-- Name: complete_replica_bootstrap(text, timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.complete_replica_bootstrap(p_replica text, p_started_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update calendar.replica_bootstraps r
     set completed_at = clock_timestamp(), leased_until = null, updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;

--
-- Name: count_attendance(uuid[], timestamp with time zone[], uuid); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.count_attendance(p_event_ids uuid[], p_occurrence_starts timestamp with time zone[], p_member_id uuid) RETURNS TABLE(event_id uuid, occurrence_start text, yes integer, no integer, maybe integer, my_status text)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select a.event_id, calendar.occurrence_key(a.occurrence_start),
        count(*) filter (where a.status = 'yes')::integer,
        count(*) filter (where a.status = 'no')::integer,
        count(*) filter (where a.status = 'maybe')::integer,
        max(a.status) filter (where a.member_id = p_member_id)
   from unnest(p_event_ids, p_occurrence_starts) as k(event_id, occurrence_start)
   join calendar.attendance a on a.event_id = k.event_id and a.occurrence_start = k.occurrence_start
  group by a.event_id, a.occurrence_start;
end;
$$;

--
-- Name: count_pending_outbox(); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.count_pending_outbox() RETURNS bigint
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result bigint;
begin
  select count(*) from calendar.outbox where published_at is null
    into v_result;
  return v_result;
end;
$$;

--
-- Name: create_event(uuid, uuid, text, timestamp with time zone, timestamp with time zone, text, timestamp with time zone, text, text, boolean, text, timestamp with time zone[], text, jsonb, timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.create_event(p_village_id uuid, p_actor_id uuid, p_title text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_time_zone text, p_span_end timestamp with time zone, p_description text DEFAULT ''::text, p_location text DEFAULT ''::text, p_all_day boolean DEFAULT false, p_rrule text DEFAULT NULL::text, p_exdates timestamp with time zone[] DEFAULT '{}'::timestamp with time zone[], p_visibility text DEFAULT 'village'::text, p_data jsonb DEFAULT '{}'::jsonb, p_last_start timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_event calendar.events;
begin
  insert into calendar.events as e (village_id, created_by, title, description, location, starts_at,
    ends_at, all_day, time_zone, rrule, exdates, visibility, data, span, last_start)
  values (p_village_id, p_actor_id, p_title, coalesce(p_description, ''), coalesce(p_location, ''),
    p_starts_at, p_ends_at, coalesce(p_all_day, false), p_time_zone, p_rrule, coalesce(p_exdates, '{}'),
    coalesce(p_visibility, 'village'), coalesce(p_data, '{}'), tstzrange(p_starts_at, p_span_end),
    p_last_start)
  returning e.* into v_event;

  perform calendar.emit_event('calendar.calendar_event.created', 1, p_village_id, p_actor_id,
    calendar.event_event_fields(v_event) || jsonb_build_object('data', v_event.data));
  return query select * from calendar.event_result(v_event);
end;
$$;

--
-- Name: create_feed_token(uuid, uuid, bytea); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.create_feed_token(p_village_id uuid, p_member_id uuid, p_token_hash bytea) RETURNS TABLE(id uuid, village_id uuid, member_id uuid, created_at timestamp with time zone)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  insert into calendar.feed_tokens as t (village_id, member_id, token_hash)
  values (p_village_id, p_member_id, p_token_hash)
  on conflict on constraint feed_tokens_village_member_key
  do update set token_hash = excluded.token_hash, created_at = now(), updated_at = now()
  returning t.id, t.village_id, t.member_id, t.created_at;
end;
$$;

--
-- Name: emit_event(text, integer, uuid, uuid, jsonb); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.emit_event(p_type text, p_version integer, p_village_id uuid, p_actor_id uuid, p_data jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_id uuid := calendar.uuid_v7();
begin
  insert into calendar.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select v_id, p_type, p_version, p_village_id, p_actor_id, p_data, c.request_id, c.traceparent
    from calendar.outbox_request_context() as c;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('calendar_outbox', '');
  return v_id;
end;
$$;

--
-- Name: emit_events(text, integer, uuid[], uuid[], jsonb[]); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.emit_events(p_type text, p_version integer, p_village_ids uuid[], p_actor_ids uuid[], p_data jsonb[]) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
  insert into calendar.outbox (id, type, version, village_id, actor_id, data, request_id, traceparent)
  select calendar.uuid_v7(), p_type, p_version, e.village_id, e.actor_id, e.data, c.request_id, c.traceparent
    from unnest(p_village_ids, p_actor_ids, p_data) with ordinality as e(village_id, actor_id, data, ord)
   cross join calendar.outbox_request_context() as c
   order by e.ord;
  get diagnostics v_count = row_count;
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('calendar_outbox', '');
  return v_count;
end;
$$;

--
-- Name: uuid_v7(); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.uuid_v7() RETURNS uuid
    LANGUAGE plpgsql PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
$$;

--
-- Name: events; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.events (
    id uuid DEFAULT calendar.uuid_v7() NOT NULL,
    village_id uuid NOT NULL,
    created_by uuid NOT NULL,
    title text NOT NULL,
    description text DEFAULT ''::text NOT NULL,
    location text DEFAULT ''::text NOT NULL,
    starts_at timestamp with time zone NOT NULL,
    ends_at timestamp with time zone NOT NULL,
    all_day boolean DEFAULT false NOT NULL,
    time_zone text NOT NULL,
    rrule text,
    exdates timestamp with time zone[] DEFAULT '{}'::timestamp with time zone[] NOT NULL,
    visibility text DEFAULT 'village'::text NOT NULL,
    data jsonb DEFAULT '{}'::jsonb NOT NULL,
    span tstzrange NOT NULL,
    cancelled_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    last_start timestamp with time zone,
    CONSTRAINT events_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 65536))),
    CONSTRAINT events_description_check CHECK ((char_length(description) <= 8000)),
    CONSTRAINT events_ends_after_starts_check CHECK ((ends_at > starts_at)),
    CONSTRAINT events_location_check CHECK ((char_length(location) <= 500)),
    CONSTRAINT events_rrule_check CHECK ((char_length(rrule) <= 1000)),
    CONSTRAINT events_time_zone_check CHECK (((char_length(time_zone) >= 1) AND (char_length(time_zone) <= 64))),
    CONSTRAINT events_title_check CHECK (((char_length(title) >= 1) AND (char_length(title) <= 200))),
    CONSTRAINT events_visibility_check CHECK ((visibility = ANY (ARRAY['village'::text, 'busy'::text])))
);

--
-- Name: event_event_fields(calendar.events); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.event_event_fields(p_event calendar.events) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return jsonb_build_object('eventId', p_event.id, 'villageId', p_event.village_id,
  'createdBy', p_event.created_by, 'title', p_event.title,
  'startsAt', to_char(p_event.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'endsAt', to_char(p_event.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'allDay', p_event.all_day, 'timeZone', p_event.time_zone, 'rrule', p_event.rrule,
  'visibility', p_event.visibility);
end;
$$;

--
-- Name: event_result(calendar.events); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.event_result(p_event calendar.events) RETURNS TABLE(id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select p_event.id, p_event.village_id, p_event.created_by, p_event.title, p_event.description,
  p_event.location, p_event.starts_at, p_event.ends_at, p_event.all_day, p_event.time_zone,
  p_event.rrule,
  (select coalesce(jsonb_agg(to_char(d at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') order by d), '[]')
     from unnest(p_event.exdates) d),
  p_event.visibility, p_event.data, p_event.cancelled_at, p_event.created_at, p_event.updated_at,
  (select coalesce(jsonb_agg(jsonb_build_object(
            'originalStart', to_char(x.original_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'cancelled', x.cancelled, 'title', x.title, 'description', x.description,
            'location', x.location,
            'startsAt', to_char(x.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'endsAt', to_char(x.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'data', x.data) order by x.original_start), '[]')
     from calendar.event_exceptions x where x.event_id = p_event.id);
end;
$$;

--
-- Name: find_feed_token(uuid, bytea); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.find_feed_token(p_village_id uuid, p_token_hash bytea) RETURNS TABLE(id uuid, village_id uuid, member_id uuid)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select t.id, t.village_id, t.member_id
   from calendar.feed_tokens t
  where t.token_hash = p_token_hash and t.village_id = p_village_id;
end;
$$;

--
-- Name: get_app_roles(); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.get_app_roles() RETURNS TABLE(roles jsonb, document_version integer, version_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.roles, r.document_version, r.version_at from calendar.app_roles r;
end;
$$;

--
-- Name: get_event(uuid); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.get_event(p_event_id uuid) RETURNS TABLE(id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.* from calendar.events e cross join lateral calendar.event_result(e) r where e.id = p_event_id;
end;
$$;

--
-- Name: get_membership(uuid, uuid); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.get_membership(p_village_id uuid, p_user_id uuid) RETURNS TABLE(village_known boolean, visibility text, village_deleted boolean, village_revision integer, member_known boolean, role text, member_revision integer)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select v.id is not null, v.visibility, coalesce(v.deleted, false), coalesce(v.revision, 0),
       m.village_id is not null, case when m.removed then null else m.role end,
       coalesce(m.revision, 0)
  from (select p_village_id as village_id, p_user_id as user_id) k
  left join calendar.villages v on v.id = k.village_id
  left join calendar.village_members m on m.village_id = k.village_id and m.user_id = k.user_id;
end;
$$;

--
-- Name: get_replica_bootstrap(text); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.get_replica_bootstrap(p_replica text) RETURNS TABLE(started_at timestamp with time zone, completed_at timestamp with time zone, leased_until timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select r.started_at, r.completed_at, r.leased_until from calendar.replica_bootstraps r where r.replica = p_replica;
end;
$$;

--
-- Name: list_events_in_range(uuid, timestamp with time zone, timestamp with time zone, integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.list_events_in_range(p_village_id uuid, p_from timestamp with time zone, p_to timestamp with time zone, p_limit integer) RETURNS TABLE(id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb, last_start timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select e.id, e.village_id, e.created_by, e.title, e.description, e.location, e.starts_at, e.ends_at,
        e.all_day, e.time_zone, e.rrule,
        (select coalesce(jsonb_agg(to_char(d at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') order by d), '[]')
           from unnest(e.exdates) d),
        e.visibility, e.data, e.cancelled_at, e.created_at, e.updated_at,
        (select coalesce(jsonb_agg(jsonb_build_object(
                  'originalStart', to_char(x.original_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'cancelled', x.cancelled, 'title', x.title, 'description', x.description,
                  'location', x.location,
                  'startsAt', to_char(x.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'endsAt', to_char(x.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                  'data', x.data) order by x.original_start), '[]')
           from calendar.event_exceptions x
          where x.event_id = e.id
            and ((x.original_start >= p_from - greatest(e.ends_at - e.starts_at, interval '1 day') - interval '2 days'
                  and x.original_start <= p_to + interval '2 days')
                 or (x.starts_at < p_to and x.ends_at > p_from))),
        e.last_start
   from calendar.events e
  where e.span && tstzrange(p_from, p_to)
    and e.cancelled_at is null
    and e.village_id = p_village_id
  order by e.starts_at, e.id
  limit p_limit;
end;
$$;

--
-- Name: list_events_in_range_with_membership(uuid, uuid, timestamp with time zone, timestamp with time zone, integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.list_events_in_range_with_membership(p_village_id uuid, p_actor_id uuid, p_from timestamp with time zone, p_to timestamp with time zone, p_limit integer) RETURNS TABLE(replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb, last_start timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select m.village_known, m.visibility, m.village_deleted, m.village_revision, m.member_known, m.role,
        m.member_revision,
        e.id, e.village_id, e.created_by, e.title, e.description, e.location, e.starts_at, e.ends_at,
        e.all_day, e.time_zone, e.rrule, e.exdates, e.visibility, e.data, e.cancelled_at, e.created_at,
        e.updated_at, e.exceptions, e.last_start
   from calendar.get_membership(p_village_id, p_actor_id) m
   left join lateral calendar.list_events_in_range(p_village_id, p_from, p_to, p_limit) with ordinality e
     on true
  order by e.ordinality;
end;
$$;

--
-- Name: list_feed_events(uuid, timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.list_feed_events(p_village_id uuid, p_from timestamp with time zone) RETURNS TABLE(id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select e.id, e.created_by, e.title, e.description, e.location, e.starts_at, e.ends_at, e.all_day,
        e.time_zone, e.rrule,
        (select coalesce(jsonb_agg(to_char(d at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') order by d), '[]')
           from unnest(e.exdates) d),
        e.visibility, e.created_at, e.updated_at,
        coalesce(x.exceptions, '[]')
   from calendar.events e
   left join lateral (
     select jsonb_agg(jsonb_build_object(
              'originalStart', to_char(x.original_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'cancelled', x.cancelled, 'title', x.title, 'description', x.description,
              'location', x.location,
              'startsAt', to_char(x.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'endsAt', to_char(x.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'updatedAt', to_char(x.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
            order by x.original_start) as exceptions
       from calendar.event_exceptions x
      where x.event_id = e.id
   ) x on true
  where e.span && tstzrange(p_from, null)
    and e.cancelled_at is null
    and e.village_id = p_village_id
  order by e.starts_at, e.id;
end;
$$;

--
-- Name: next_outbox_batch(uuid[], integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.next_outbox_batch(p_published uuid[], p_limit integer) RETURNS TABLE(seq bigint, id uuid, type text, version integer, village_id uuid, actor_id uuid, data jsonb, occurred_at timestamp with time zone, request_id text, traceparent text)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  update calendar.outbox o set published_at = clock_timestamp()
   where o.id = any(p_published) and o.published_at is null;
  return query
    select o.seq, o.id, o.type, o.version, o.village_id, o.actor_id, o.data, o.occurred_at,
           o.request_id, o.traceparent
      from calendar.outbox o
     where o.published_at is null
     order by o.seq
     limit p_limit;
end;
$$;

--
-- Name: occurrence_key(timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.occurrence_key(p_occurrence_start timestamp with time zone) RETURNS text
    LANGUAGE plpgsql IMMUTABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return case when p_occurrence_start = '-infinity' then null
  else to_char(p_occurrence_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end;
end;
$$;

--
-- Name: outbox_backlog(); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.outbox_backlog() RETURNS TABLE(pending bigint, oldest_occurred_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select count(*), min(o.occurred_at) from calendar.outbox o where o.published_at is null;
end;
$$;

--
-- Name: outbox_request_context(); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.outbox_request_context(OUT request_id text, OUT traceparent text) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
begin
  select case when r ~ '^[A-Za-z0-9_.-]{1,128}$' then r end,
       case when t ~ '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' then t end
  from (select current_setting('vv.request_id', true) as r, current_setting('vv.traceparent', true) as t) as c
    into request_id, traceparent;
  return;
end;
$_$;

--
-- Name: purge_idempotency_keys(timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.purge_idempotency_keys(p_created_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from calendar.idempotency_keys where created_at < p_created_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_inbox(text, timestamp with time zone, integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.purge_inbox(p_consumer text, p_processed_before timestamp with time zone, p_limit integer) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with doomed as (
    select i.event_id from calendar.inbox i
     where i.consumer = p_consumer and i.processed_at < p_processed_before
     limit p_limit
       for update skip locked),
  gone as (
    delete from calendar.inbox i using doomed d
     where i.consumer = p_consumer and i.event_id = d.event_id
    returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_outbox(timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.purge_outbox(p_published_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from calendar.outbox where published_at < p_published_before returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$$;

--
-- Name: purge_replica_tombstones(timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.purge_replica_tombstones(p_before timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_members integer;
  v_villages integer;
begin
  delete from calendar.village_members m where m.removed and m.updated_at < p_before;
  get diagnostics v_members = row_count;
  delete from calendar.villages v where v.deleted and v.updated_at < p_before;
  get diagnostics v_villages = row_count;
  return v_members + v_villages;
end;
$$;

--
-- Name: renew_replica_bootstrap(text, timestamp with time zone, integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.renew_replica_bootstrap(p_replica text, p_started_at timestamp with time zone, p_lease_ms integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  update calendar.replica_bootstraps r
     set leased_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;

--
-- Name: revoke_feed_token(uuid, uuid); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.revoke_feed_token(p_village_id uuid, p_member_id uuid) RETURNS TABLE(id uuid)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  delete from calendar.feed_tokens t
   where t.village_id = p_village_id and t.member_id = p_member_id
  returning t.id;
end;
$$;

--
-- Name: set_attendance(uuid, uuid, timestamp with time zone, text); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.set_attendance(p_event_id uuid, p_member_id uuid, p_occurrence_start timestamp with time zone, p_status text) RETURNS TABLE(event_id uuid, occurrence_start text, status text, yes integer, no integer, maybe integer)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_event calendar.events;
  v_previous text;
begin
  select e.* into v_event from calendar.events e where e.id = p_event_id and e.cancelled_at is null;
  if not found then
    return;
  end if;
  select a.status into v_previous from calendar.attendance a
   where a.event_id = p_event_id and a.occurrence_start = p_occurrence_start
     and a.member_id = p_member_id for update of a;

  insert into calendar.attendance as a (event_id, occurrence_start, member_id, status)
  values (p_event_id, p_occurrence_start, p_member_id, p_status)
  on conflict on constraint attendance_pkey do update set status = p_status, updated_at = now();

  if v_previous is distinct from p_status then
    perform calendar.emit_event('calendar.attendance.changed', 1, v_event.village_id, p_member_id,
      jsonb_build_object('eventId', p_event_id, 'villageId', v_event.village_id,
        'memberId', p_member_id,
        'occurrenceStart', case when p_occurrence_start = '-infinity' then null
          else to_char(p_occurrence_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end,
        'status', p_status, 'previousStatus', v_previous));
  end if;

  return query
    select p_event_id, calendar.occurrence_key(p_occurrence_start), p_status,
           count(*) filter (where a.status = 'yes')::integer,
           count(*) filter (where a.status = 'no')::integer,
           count(*) filter (where a.status = 'maybe')::integer
      from calendar.attendance a
     where a.event_id = p_event_id and a.occurrence_start = p_occurrence_start;
end;
$$;

--
-- Name: set_event_exception(uuid, uuid, timestamp with time zone, integer, boolean, text, text, text, timestamp with time zone, timestamp with time zone, jsonb); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.set_event_exception(p_event_id uuid, p_actor_id uuid, p_original_start timestamp with time zone, p_max_exceptions integer, p_cancelled boolean DEFAULT NULL::boolean, p_title text DEFAULT NULL::text, p_description text DEFAULT NULL::text, p_location text DEFAULT NULL::text, p_starts_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_ends_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_data jsonb DEFAULT NULL::jsonb) RETURNS TABLE(id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_event calendar.events;
  v_exception calendar.event_exceptions;
  v_occurrence jsonb;
begin
  select e.* into v_event from calendar.events e
   where e.id = p_event_id and e.cancelled_at is null for update of e;
  if not found then
    return;
  end if;

  if (select count(*) from calendar.event_exceptions x where x.event_id = p_event_id) >= p_max_exceptions
     and not exists (select 1 from calendar.event_exceptions x
                      where x.event_id = p_event_id and x.original_start = p_original_start) then
    raise exception using errcode = '23514', message = 'invalid',
      detail = format('A series keeps at most %s edited or cancelled occurrences', p_max_exceptions);
  end if;

  insert into calendar.event_exceptions as x (event_id, original_start, cancelled, title, description,
    location, starts_at, ends_at, data)
  values (p_event_id, p_original_start, coalesce(p_cancelled, false), p_title, p_description,
    p_location, p_starts_at, p_ends_at, p_data)
  on conflict on constraint event_exceptions_pkey do update
     set cancelled = coalesce(p_cancelled, x.cancelled), title = coalesce(p_title, x.title),
         description = coalesce(p_description, x.description),
         location = coalesce(p_location, x.location), starts_at = coalesce(p_starts_at, x.starts_at),
         ends_at = coalesce(p_ends_at, x.ends_at), data = coalesce(p_data, x.data), updated_at = now()
  returning x.* into v_exception;

  if v_exception.starts_at is not null and v_exception.ends_at is not null then
    update calendar.events e
       set span = range_merge(e.span, tstzrange(v_exception.starts_at, v_exception.ends_at))
     where e.id = p_event_id;
  end if;
  update calendar.events e set updated_at = now() where e.id = p_event_id
  returning e.* into v_event;

  v_occurrence := jsonb_build_object(
    'originalStart', to_char(p_original_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'cancelled', v_exception.cancelled,
    'startsAt', to_char(v_exception.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'endsAt', to_char(v_exception.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));

  if v_exception.cancelled then
    perform calendar.emit_event('calendar.calendar_event.cancelled', 1, v_event.village_id, p_actor_id,
      calendar.event_event_fields(v_event) || jsonb_build_object('occurrence', v_occurrence));
  else
    perform calendar.emit_event('calendar.calendar_event.updated', 1, v_event.village_id, p_actor_id,
      calendar.event_event_fields(v_event)
        || jsonb_build_object('changed', '[]'::jsonb, 'occurrence', v_occurrence));
  end if;
  return query select * from calendar.event_result(v_event);
end;
$$;

--
-- Name: snapshot_attendance(uuid, timestamp with time zone, uuid, integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.snapshot_attendance(p_after_event_id uuid, p_after_occurrence timestamp with time zone, p_after_member_id uuid, p_limit integer) RETURNS TABLE(event_id uuid, village_id uuid, member_id uuid, occurrence_start timestamp with time zone, occurrence_key text, status text, version_at timestamp with time zone)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
#variable_conflict use_column
begin
  return query
  select a.event_id, e.village_id, a.member_id,
        case when a.occurrence_start = '-infinity' then null else a.occurrence_start end,
        a.occurrence_start::text, a.status, date_trunc('milliseconds', a.updated_at)
   from calendar.attendance a
   join calendar.events e on e.id = a.event_id
  where e.cancelled_at is null
    and (p_after_event_id is null
         or (a.event_id, a.occurrence_start, a.member_id) > (p_after_event_id, p_after_occurrence, p_after_member_id))
  order by a.event_id, a.occurrence_start, a.member_id
  limit p_limit;
end;
$$;

--
-- Name: store_app_roles_snapshot(jsonb, integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.store_app_roles_snapshot(p_roles jsonb, p_document_version integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into calendar.app_roles (roles, document_version) values (p_roles, p_document_version)
  on conflict (id) do nothing;
  return found;
end;
$$;

--
-- Name: store_app_roles_version(jsonb, integer, timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.store_app_roles_version(p_roles jsonb, p_document_version integer, p_version_at timestamp with time zone) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into calendar.app_roles as r (roles, document_version, version_at)
  values (p_roles, p_document_version, p_version_at)
  on conflict (id) do update
     set roles = excluded.roles, document_version = excluded.document_version,
         version_at = excluded.version_at, version_event_id = null, updated_at = now()
   where r.version_at is null or r.version_at < excluded.version_at;
  return found;
end;
$$;

--
-- Name: store_membership_snapshot(uuid, uuid, text, text, integer, integer); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.store_membership_snapshot(p_village_id uuid, p_user_id uuid, p_visibility text, p_role text, p_village_revision integer, p_member_revision integer) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_stored boolean := false;
begin
  if p_visibility is null then
    return false;
  end if;
  insert into calendar.villages as v (id, visibility)
  select p_village_id, p_visibility where p_village_revision = 0
  on conflict (id) do nothing;
  if found then
    v_stored := true;
  else
    update calendar.villages v
       set visibility = p_visibility, revision = v.revision + 1, updated_at = now()
     where v.id = p_village_id and v.revision = p_village_revision and not v.deleted
       and v.visibility is distinct from p_visibility;
    v_stored := found;
  end if;

  if p_role is not null then
    insert into calendar.village_members as m (village_id, user_id, role)
    select p_village_id, p_user_id, p_role where p_member_revision = 0
    on conflict (village_id, user_id) do nothing;
    if not found then
      update calendar.village_members m
         set role = p_role, removed = false, revision = m.revision + 1, updated_at = now()
       where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
         and (m.removed or m.role <> p_role);
    end if;
  else
    update calendar.village_members m
       set removed = true, revision = m.revision + 1, updated_at = now()
     where m.village_id = p_village_id and m.user_id = p_user_id and m.revision = p_member_revision
       and not m.removed;
  end if;
  return v_stored or found;
end;
$$;

--
-- Name: store_membership_snapshot_page(jsonb, jsonb, timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.store_membership_snapshot_page(p_villages jsonb, p_members jsonb, p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_villages integer;
  v_members integer;
begin
  update calendar.villages v set synced_at = p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid)
   where v.id = x."villageId";
  insert into calendar.villages as v (id, visibility, version_at, synced_at)
  select x."villageId", x.visibility, x."versionAt", p_synced_at
    from jsonb_to_recordset(p_villages) as x("villageId" uuid, visibility text, "versionAt" timestamptz)
  on conflict (id) do update
     set visibility = excluded.visibility, version_at = excluded.version_at, version_event_id = null,
         revision = v.revision + 1, updated_at = now()
   where not v.deleted and (v.version_at is null or v.version_at < excluded.version_at);
  get diagnostics v_villages = row_count;

  update calendar.village_members m set synced_at = p_synced_at
    from jsonb_to_recordset(p_members) as x("villageId" uuid, "userId" uuid)
   where m.village_id = x."villageId" and m.user_id = x."userId";
  insert into calendar.village_members as m (village_id, user_id, role, version_at, synced_at)
  select x."villageId", x."userId", x.role, x."versionAt", p_synced_at
    from jsonb_to_recordset(p_members) as x("villageId" uuid, "userId" uuid, role text, "versionAt" timestamptz)
  on conflict (village_id, user_id) do update
     set role = excluded.role, removed = false, version_at = excluded.version_at, version_event_id = null,
         revision = m.revision + 1, updated_at = now()
   where m.version_at is null or m.version_at < excluded.version_at;
  get diagnostics v_members = row_count;
  return v_villages + v_members;
end;
$$;

--
-- Name: sweep_membership_replica(timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.sweep_membership_replica(p_synced_at timestamp with time zone) RETURNS integer
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_villages integer;
  v_members integer;
begin
  update calendar.villages v set deleted = true, revision = v.revision + 1, updated_at = now()
   where not v.deleted and v.synced_at is distinct from p_synced_at and v.updated_at < p_synced_at;
  get diagnostics v_villages = row_count;
  update calendar.village_members m set removed = true, revision = m.revision + 1, updated_at = now()
   where not m.removed and m.synced_at is distinct from p_synced_at and m.updated_at < p_synced_at;
  get diagnostics v_members = row_count;
  return v_villages + v_members;
end;
$$;

--
-- Name: try_lead_outbox(); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.try_lead_outbox() RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
begin
  return pg_try_advisory_lock(hashtextextended('vv.outbox.calendar', 0));
end;
$$;

--
-- Name: update_event(uuid, uuid, text, text, text, timestamp with time zone, timestamp with time zone, boolean, text, text, timestamp with time zone[], text, jsonb, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: calendar; Owner: -
--

CREATE FUNCTION calendar.update_event(p_event_id uuid, p_actor_id uuid, p_title text, p_description text, p_location text, p_starts_at timestamp with time zone, p_ends_at timestamp with time zone, p_all_day boolean, p_time_zone text, p_rrule text, p_exdates timestamp with time zone[], p_visibility text, p_data jsonb, p_span_end timestamp with time zone, p_last_start timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb)
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
  v_old calendar.events;
  v_new calendar.events;
  v_changed text[] := '{}';
  v_span tstzrange;
begin
  select e.* into v_old from calendar.events e
   where e.id = p_event_id and e.cancelled_at is null for update of e;
  if not found then
    return;
  end if;

  if p_title is distinct from v_old.title then v_changed := array_append(v_changed, 'title'); end if;
  if p_description is distinct from v_old.description then v_changed := array_append(v_changed, 'description'); end if;
  if p_location is distinct from v_old.location then v_changed := array_append(v_changed, 'location'); end if;
  if p_starts_at is distinct from v_old.starts_at then v_changed := array_append(v_changed, 'startsAt'); end if;
  if p_ends_at is distinct from v_old.ends_at then v_changed := array_append(v_changed, 'endsAt'); end if;
  if p_all_day is distinct from v_old.all_day then v_changed := array_append(v_changed, 'allDay'); end if;
  if p_time_zone is distinct from v_old.time_zone then v_changed := array_append(v_changed, 'timeZone'); end if;
  if p_rrule is distinct from v_old.rrule then v_changed := array_append(v_changed, 'rrule'); end if;
  if p_exdates is distinct from v_old.exdates then v_changed := array_append(v_changed, 'exdates'); end if;
  if p_visibility is distinct from v_old.visibility then v_changed := array_append(v_changed, 'visibility'); end if;
  if p_data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;

  if cardinality(v_changed) = 0 then
    return query select * from calendar.event_result(v_old);
    return;
  end if;

  v_span := tstzrange(p_starts_at, p_span_end);
  select range_merge(v_span, tstzrange(min(x.starts_at), max(x.ends_at)))
    into v_span
    from calendar.event_exceptions x
   where x.event_id = p_event_id and x.starts_at is not null and x.ends_at is not null
  having count(*) > 0;
  v_span := coalesce(v_span, tstzrange(p_starts_at, p_span_end));

  update calendar.events e
     set title = p_title, description = p_description, location = p_location,
         starts_at = p_starts_at, ends_at = p_ends_at, all_day = p_all_day, time_zone = p_time_zone,
         rrule = p_rrule, exdates = p_exdates, visibility = p_visibility, data = p_data,
         span = v_span, last_start = p_last_start, updated_at = now()
   where e.id = p_event_id
  returning e.* into v_new;

  perform calendar.emit_event('calendar.calendar_event.updated', 1, v_new.village_id, p_actor_id,
    calendar.event_event_fields(v_new)
      || jsonb_build_object('changed', to_jsonb(v_changed), 'occurrence', null));
  return query select * from calendar.event_result(v_new);
end;
$$;

--
-- Name: app_roles; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.app_roles (
    id boolean DEFAULT true NOT NULL,
    roles jsonb NOT NULL,
    document_version integer NOT NULL,
    version_at timestamp with time zone,
    version_event_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT app_roles_roles_object_check CHECK ((jsonb_typeof(roles) = 'object'::text)),
    CONSTRAINT app_roles_single_row_check CHECK (id)
);

--
-- Name: attendance; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.attendance (
    event_id uuid NOT NULL,
    occurrence_start timestamp with time zone NOT NULL,
    member_id uuid NOT NULL,
    status text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT attendance_status_check CHECK ((status = ANY (ARRAY['yes'::text, 'no'::text, 'maybe'::text])))
);

--
-- Name: event_exceptions; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.event_exceptions (
    event_id uuid NOT NULL,
    original_start timestamp with time zone NOT NULL,
    cancelled boolean DEFAULT false NOT NULL,
    title text,
    description text,
    location text,
    starts_at timestamp with time zone,
    ends_at timestamp with time zone,
    data jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT event_exceptions_data_object CHECK (((jsonb_typeof(data) = 'object'::text) AND (octet_length((data)::text) <= 65536))),
    CONSTRAINT event_exceptions_description_check CHECK ((char_length(description) <= 8000)),
    CONSTRAINT event_exceptions_ends_after_starts_check CHECK (((starts_at IS NULL) OR (ends_at IS NULL) OR (ends_at > starts_at))),
    CONSTRAINT event_exceptions_location_check CHECK ((char_length(location) <= 500)),
    CONSTRAINT event_exceptions_title_check CHECK (((char_length(title) >= 1) AND (char_length(title) <= 200)))
);

--
-- Name: feed_tokens; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.feed_tokens (
    id uuid DEFAULT calendar.uuid_v7() NOT NULL,
    village_id uuid NOT NULL,
    member_id uuid NOT NULL,
    token_hash bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT feed_tokens_token_hash_length_check CHECK ((octet_length(token_hash) = 32))
);

--
-- Name: idempotency_keys; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.idempotency_keys (
    user_id uuid NOT NULL,
    key text NOT NULL,
    fingerprint text NOT NULL,
    response jsonb,
    created_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    CONSTRAINT idempotency_keys_fingerprint_check CHECK ((char_length(fingerprint) = 64)),
    CONSTRAINT idempotency_keys_key_check CHECK (((char_length(key) >= 1) AND (char_length(key) <= 255)))
);

--
-- Name: inbox; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    processed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

--
-- Name: outbox; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.outbox (
    seq bigint NOT NULL,
    id uuid NOT NULL,
    type text NOT NULL,
    version integer NOT NULL,
    village_id uuid,
    actor_id uuid,
    data jsonb NOT NULL,
    occurred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    published_at timestamp with time zone,
    request_id text,
    traceparent text,
    CONSTRAINT outbox_version_check CHECK ((version > 0))
);

--
-- Name: outbox_seq_seq; Type: SEQUENCE; Schema: calendar; Owner: -
--

ALTER TABLE calendar.outbox ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME calendar.outbox_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: replica_bootstraps; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.replica_bootstraps (
    replica text NOT NULL,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    leased_until timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: schema_migrations; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.schema_migrations (
    id text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: village_members; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.village_members (
    village_id uuid NOT NULL,
    user_id uuid NOT NULL,
    role text NOT NULL,
    removed boolean DEFAULT false NOT NULL,
    version_at timestamp with time zone,
    version_event_id uuid,
    revision integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    synced_at timestamp with time zone,
    CONSTRAINT village_members_role_check CHECK ((role ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'::text))
);

--
-- Name: villages; Type: TABLE; Schema: calendar; Owner: -
--

CREATE TABLE calendar.villages (
    id uuid NOT NULL,
    visibility text,
    deleted boolean DEFAULT false NOT NULL,
    version_at timestamp with time zone,
    version_event_id uuid,
    revision integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    synced_at timestamp with time zone,
    CONSTRAINT villages_visibility_check CHECK ((visibility = ANY (ARRAY['public'::text, 'private'::text]))),
    CONSTRAINT villages_visibility_present_check CHECK ((deleted OR (visibility IS NOT NULL)))
);

--
-- Name: app_roles app_roles_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.app_roles
    ADD CONSTRAINT app_roles_pkey PRIMARY KEY (id);

--
-- Name: attendance attendance_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.attendance
    ADD CONSTRAINT attendance_pkey PRIMARY KEY (event_id, occurrence_start, member_id);

--
-- Name: event_exceptions event_exceptions_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.event_exceptions
    ADD CONSTRAINT event_exceptions_pkey PRIMARY KEY (event_id, original_start);

--
-- Name: events events_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.events
    ADD CONSTRAINT events_pkey PRIMARY KEY (id);

--
-- Name: feed_tokens feed_tokens_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.feed_tokens
    ADD CONSTRAINT feed_tokens_pkey PRIMARY KEY (id);

--
-- Name: feed_tokens feed_tokens_token_hash_key; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.feed_tokens
    ADD CONSTRAINT feed_tokens_token_hash_key UNIQUE (token_hash);

--
-- Name: feed_tokens feed_tokens_village_member_key; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.feed_tokens
    ADD CONSTRAINT feed_tokens_village_member_key UNIQUE (village_id, member_id);

--
-- Name: idempotency_keys idempotency_keys_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.idempotency_keys
    ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (user_id, key);

--
-- Name: inbox inbox_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer, event_id);

--
-- Name: outbox outbox_id_key; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.outbox
    ADD CONSTRAINT outbox_id_key UNIQUE (id);

--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (seq);

--
-- Name: replica_bootstraps replica_bootstraps_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.replica_bootstraps
    ADD CONSTRAINT replica_bootstraps_pkey PRIMARY KEY (replica);

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (id);

--
-- Name: village_members village_members_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.village_members
    ADD CONSTRAINT village_members_pkey PRIMARY KEY (village_id, user_id);

--
-- Name: villages villages_pkey; Type: CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.villages
    ADD CONSTRAINT villages_pkey PRIMARY KEY (id);

--
-- Name: events_span_idx; Type: INDEX; Schema: calendar; Owner: -
--

CREATE INDEX events_span_idx ON calendar.events USING gist (span) WHERE (cancelled_at IS NULL);

--
-- Name: events_village_idx; Type: INDEX; Schema: calendar; Owner: -
--

CREATE INDEX events_village_idx ON calendar.events USING btree (village_id, starts_at);

--
-- Name: idempotency_keys_created_at_idx; Type: INDEX; Schema: calendar; Owner: -
--

CREATE INDEX idempotency_keys_created_at_idx ON calendar.idempotency_keys USING btree (created_at);

--
-- Name: inbox_consumer_processed_at_idx; Type: INDEX; Schema: calendar; Owner: -
--

CREATE INDEX inbox_consumer_processed_at_idx ON calendar.inbox USING btree (consumer, processed_at);

--
-- Name: outbox_pending_idx; Type: INDEX; Schema: calendar; Owner: -
--

CREATE INDEX outbox_pending_idx ON calendar.outbox USING btree (seq) WHERE (published_at IS NULL);

--
-- Name: outbox_published_idx; Type: INDEX; Schema: calendar; Owner: -
--

CREATE INDEX outbox_published_idx ON calendar.outbox USING btree (published_at) WHERE (published_at IS NOT NULL);

--
-- Name: village_members_user_id_village_id_idx; Type: INDEX; Schema: calendar; Owner: -
--

CREATE INDEX village_members_user_id_village_id_idx ON calendar.village_members USING btree (user_id, village_id) WHERE (NOT removed);

--
-- Name: attendance attendance_event_id_fkey; Type: FK CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.attendance
    ADD CONSTRAINT attendance_event_id_fkey FOREIGN KEY (event_id) REFERENCES calendar.events(id) ON DELETE CASCADE;

--
-- Name: event_exceptions event_exceptions_event_id_fkey; Type: FK CONSTRAINT; Schema: calendar; Owner: -
--

ALTER TABLE ONLY calendar.event_exceptions
    ADD CONSTRAINT event_exceptions_event_id_fkey FOREIGN KEY (event_id) REFERENCES calendar.events(id) ON DELETE CASCADE;

--
-- PostgreSQL database dump complete
--
