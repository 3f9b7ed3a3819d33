-- Every calendar function in plpgsql (it was `language sql`). A SQL function with `set search_path`
-- (db/CONVENTIONS.md) is never inlined, and PostgreSQL before 18 parses and plans its body again at
-- every call: ~80-100 µs per call here, paid by every statement that calls it (get_membership, uuid_v7
-- ...). plpgsql keeps its plans for the session. Bodies and results are unchanged: a set-returning
-- function returns its query, a scalar one the first row of its select (null when none), as before.

create or replace function calendar.count_attendance(p_event_ids uuid[], p_occurrence_starts timestamp with time zone[], p_member_id uuid)
 returns table (event_id uuid, occurrence_start text, yes integer, no integer, maybe integer, my_status text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function calendar.create_feed_token(p_village_id uuid, p_member_id uuid, p_token_hash bytea)
 returns table (id uuid, village_id uuid, member_id uuid, created_at timestamp with time zone)
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  insert into calendar.feed_tokens as t (village_id, member_id, token_hash)
  values (p_village_id, p_member_id, p_token_hash)
  on conflict on constraint feed_tokens_village_member_key
  do update set token_hash = excluded.token_hash, created_at = now(), updated_at = now()
  returning t.id, t.village_id, t.member_id, t.created_at;
end;
$function$;

create or replace function calendar.event_event_fields(p_event calendar.events)
 returns jsonb
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return jsonb_build_object('eventId', p_event.id, 'villageId', p_event.village_id,
  'createdBy', p_event.created_by, 'title', p_event.title,
  'startsAt', to_char(p_event.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'endsAt', to_char(p_event.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'allDay', p_event.all_day, 'timeZone', p_event.time_zone, 'rrule', p_event.rrule,
  'visibility', p_event.visibility);
end;
$function$;

create or replace function calendar.event_result(p_event calendar.events)
 returns table (id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function calendar.find_feed_token(p_village_id uuid, p_token_hash bytea)
 returns table (id uuid, village_id uuid, member_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select t.id, t.village_id, t.member_id
   from calendar.feed_tokens t
  where t.token_hash = p_token_hash and t.village_id = p_village_id;
end;
$function$;

create or replace function calendar.get_event(p_event_id uuid)
 returns table (id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.* from calendar.events e cross join lateral calendar.event_result(e) r where e.id = p_event_id;
end;
$function$;

create or replace function calendar.list_events_in_range(p_village_id uuid, p_from timestamp with time zone, p_to timestamp with time zone, p_limit integer)
 returns table (id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb, last_start timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function calendar.list_events_in_range_with_membership(p_village_id uuid, p_actor_id uuid, p_from timestamp with time zone, p_to timestamp with time zone, p_limit integer)
 returns table (replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer, replica_member_known boolean, replica_role text, replica_member_revision integer, id uuid, village_id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, data jsonb, cancelled_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb, last_start timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function calendar.list_feed_events(p_village_id uuid, p_from timestamp with time zone)
 returns table (id uuid, created_by uuid, title text, description text, location text, starts_at timestamp with time zone, ends_at timestamp with time zone, all_day boolean, time_zone text, rrule text, exdates jsonb, visibility text, created_at timestamp with time zone, updated_at timestamp with time zone, exceptions jsonb)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;

create or replace function calendar.occurrence_key(p_occurrence_start timestamp with time zone)
 returns text
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return case when p_occurrence_start = '-infinity' then null
  else to_char(p_occurrence_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end;
end;
$function$;

create or replace function calendar.revoke_feed_token(p_village_id uuid, p_member_id uuid)
 returns table (id uuid)
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  delete from calendar.feed_tokens t
   where t.village_id = p_village_id and t.member_id = p_member_id
  returning t.id;
end;
$function$;

create or replace function calendar.snapshot_attendance(p_after_event_id uuid, p_after_occurrence timestamp with time zone, p_after_member_id uuid, p_limit integer)
 returns table (event_id uuid, village_id uuid, member_id uuid, occurrence_start timestamp with time zone, occurrence_key text, status text, version_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
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
$function$;
