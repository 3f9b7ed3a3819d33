-- Event, exception and attendance functions. The service validates RRULEs and time zones, expands
-- series and computes each series' span end; these functions store, query and emit.

-- The row every event function returns (exdates as ISO strings; exceptions as a JSON array).
create or replace function calendar.event_result(p_event calendar.events)
returns table (
  id uuid, village_id uuid, created_by uuid, title text, description text, location text,
  starts_at timestamptz, ends_at timestamptz, all_day boolean, time_zone text, rrule text,
  exdates jsonb, visibility text, data jsonb, cancelled_at timestamptz, created_at timestamptz,
  updated_at timestamptz, exceptions jsonb
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;

-- The payload fields every calendar_event event carries.
create or replace function calendar.event_event_fields(p_event calendar.events)
returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object('eventId', p_event.id, 'villageId', p_event.village_id,
    'createdBy', p_event.created_by, 'title', p_event.title,
    'startsAt', to_char(p_event.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'endsAt', to_char(p_event.ends_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'allDay', p_event.all_day, 'timeZone', p_event.time_zone, 'rrule', p_event.rrule,
    'visibility', p_event.visibility);
$$;

-- One event (cancelled ones too) with its exceptions; no row when there is none.
create or replace function calendar.get_event(p_event_id uuid)
returns table (
  id uuid, village_id uuid, created_by uuid, title text, description text, location text,
  starts_at timestamptz, ends_at timestamptz, all_day boolean, time_zone text, rrule text,
  exdates jsonb, visibility text, data jsonb, cancelled_at timestamptz, created_at timestamptz,
  updated_at timestamptz, exceptions jsonb
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.* from calendar.events e cross join lateral calendar.event_result(e) r where e.id = p_event_id;
$$;

-- The village's live events whose span overlaps [p_from, p_to), with their exceptions: the
-- candidates the service expands, in one round trip (GiST on span).
create or replace function calendar.list_events_in_range(p_village_id uuid, p_from timestamptz, p_to timestamptz)
returns table (
  id uuid, village_id uuid, created_by uuid, title text, description text, location text,
  starts_at timestamptz, ends_at timestamptz, all_day boolean, time_zone text, rrule text,
  exdates jsonb, visibility text, data jsonb, cancelled_at timestamptz, created_at timestamptz,
  updated_at timestamptz, exceptions jsonb
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*
    from calendar.events e
   cross join lateral calendar.event_result(e) r
   where e.span && tstzrange(p_from, p_to)
     and e.cancelled_at is null
     and e.village_id = p_village_id
   order by e.starts_at, e.id;
$$;

-- A new event, with calendar_event.created. p_span_end: the series' last end (null when open-ended).
create or replace function calendar.create_event(
  p_village_id uuid,
  p_actor_id uuid,
  p_title text,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_time_zone text,
  p_span_end timestamptz,
  p_description text default '',
  p_location text default '',
  p_all_day boolean default false,
  p_rrule text default null,
  p_exdates timestamptz[] default '{}',
  p_visibility text default 'village',
  p_data jsonb default '{}'
) returns table (
  id uuid, village_id uuid, created_by uuid, title text, description text, location text,
  starts_at timestamptz, ends_at timestamptz, all_day boolean, time_zone text, rrule text,
  exdates jsonb, visibility text, data jsonb, cancelled_at timestamptz, created_at timestamptz,
  updated_at timestamptz, exceptions jsonb
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_event calendar.events;
begin
  insert into calendar.events as e (village_id, created_by, title, description, location, starts_at,
    ends_at, all_day, time_zone, rrule, exdates, visibility, data, span)
  values (p_village_id, p_actor_id, p_title, coalesce(p_description, ''), coalesce(p_location, ''),
    p_starts_at, p_ends_at, coalesce(p_all_day, false), p_time_zone, p_rrule, coalesce(p_exdates, '{}'),
    coalesce(p_visibility, 'village'), coalesce(p_data, '{}'), tstzrange(p_starts_at, p_span_end))
  returning e.* into v_event;

  perform calendar.emit_event('calendar.calendar_event.created', 1, p_village_id, p_actor_id,
    calendar.event_event_fields(v_event) || jsonb_build_object('data', v_event.data));
  return query select * from calendar.event_result(v_event);
end;
$$;

-- Replaces the series' fields with the service's merged values; when something changed,
-- calendar_event.updated names the fields. The span is recomputed (p_span_end: the series' last
-- end, null when open-ended), widened by the exceptions. No row when there is no live event.
create or replace function calendar.update_event(
  p_event_id uuid,
  p_actor_id uuid,
  p_title text,
  p_description text,
  p_location text,
  p_starts_at timestamptz,
  p_ends_at timestamptz,
  p_all_day boolean,
  p_time_zone text,
  p_rrule text,
  p_exdates timestamptz[],
  p_visibility text,
  p_data jsonb,
  p_span_end timestamptz
) returns table (
  id uuid, village_id uuid, created_by uuid, title text, description text, location text,
  starts_at timestamptz, ends_at timestamptz, all_day boolean, time_zone text, rrule text,
  exdates jsonb, visibility text, data jsonb, cancelled_at timestamptz, created_at timestamptz,
  updated_at timestamptz, exceptions jsonb
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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
         span = v_span, updated_at = now()
   where e.id = p_event_id
  returning e.* into v_new;

  perform calendar.emit_event('calendar.calendar_event.updated', 1, v_new.village_id, p_actor_id,
    calendar.event_event_fields(v_new)
      || jsonb_build_object('changed', to_jsonb(v_changed), 'occurrence', null));
  return query select * from calendar.event_result(v_new);
end;
$$;

-- Cancels the whole event (the row stays, lists skip it), with calendar_event.cancelled.
-- No row when there is no live event.
create or replace function calendar.cancel_event(p_event_id uuid, p_actor_id uuid)
returns table (event_id uuid, village_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- Edits or cancels one occurrence (an exception keyed by its original start). Null arguments
-- keep what the exception already says (or the series' value); p_cancelled true drops the
-- occurrence. A moved occurrence widens the series' span. Emits calendar_event.updated (or
-- .cancelled) with the occurrence. No row when there is no live event.
create or replace function calendar.set_event_exception(
  p_event_id uuid,
  p_actor_id uuid,
  p_original_start timestamptz,
  p_cancelled boolean default null,
  p_title text default null,
  p_description text default null,
  p_location text default null,
  p_starts_at timestamptz default null,
  p_ends_at timestamptz default null,
  p_data jsonb default null
) returns table (
  id uuid, village_id uuid, created_by uuid, title text, description text, location text,
  starts_at timestamptz, ends_at timestamptz, all_day boolean, time_zone text, rrule text,
  exdates jsonb, visibility text, data jsonb, cancelled_at timestamptz, created_at timestamptz,
  updated_at timestamptz, exceptions jsonb
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- An attendance row's occurrence as the service names it: the ISO original start, null for a
-- single event ('-infinity').
create or replace function calendar.occurrence_key(p_occurrence_start timestamptz)
returns text
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case when p_occurrence_start = '-infinity' then null
              else to_char(p_occurrence_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') end;
$$;

-- A member's RSVP to one occurrence (p_occurrence_start '-infinity' for a single event), with
-- attendance.changed when the status changed.
create or replace function calendar.set_attendance(
  p_event_id uuid,
  p_member_id uuid,
  p_occurrence_start timestamptz,
  p_status text
) returns table (event_id uuid, occurrence_start text, status text, yes integer, no integer, maybe integer)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
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

-- Attendance counts and the member's own answer for many occurrences at once (pairs of
-- p_event_ids[i], p_occurrence_starts[i]): one query for a whole range. Pairs without answers
-- return no row.
create or replace function calendar.count_attendance(
  p_event_ids uuid[],
  p_occurrence_starts timestamptz[],
  p_member_id uuid
) returns table (event_id uuid, occurrence_start text, yes integer, no integer, maybe integer, my_status text)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select a.event_id, calendar.occurrence_key(a.occurrence_start),
         count(*) filter (where a.status = 'yes')::integer,
         count(*) filter (where a.status = 'no')::integer,
         count(*) filter (where a.status = 'maybe')::integer,
         max(a.status) filter (where a.member_id = p_member_id)
    from unnest(p_event_ids, p_occurrence_starts) as k(event_id, occurrence_start)
    join calendar.attendance a on a.event_id = k.event_id and a.occurrence_start = k.occurrence_start
   group by a.event_id, a.occurrence_start;
$$;
