-- Bounded recurrence (issue 13). A bounded series' last start is stored, so a COUNT series
-- expands any window without counting from its first occurrence; a range query returns at most
-- p_limit candidates with only the exceptions its window can use; a series keeps at most
-- p_max_exceptions exceptions. The service validates rules and instants (the calendar's years) and
-- computes the last start; these functions store and query.

-- The original start of a bounded series' last occurrence (COUNT or UNTIL), computed by the
-- service at write; null for a single event, an open-ended series, and rows written before it.
alter table calendar.events add column last_start timestamptz;

-- A new event, with calendar_event.created. p_span_end: the series' last end (null when
-- open-ended); p_last_start: its last start (null for a single event or an open-ended series).
drop function calendar.create_event(uuid, uuid, text, timestamptz, timestamptz, text, timestamptz, text, text,
  boolean, text, timestamptz[], text, jsonb);

create function calendar.create_event(
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
  p_data jsonb default '{}',
  p_last_start timestamptz default null
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

-- Replaces the series' fields with the service's merged values; when something changed,
-- calendar_event.updated names the fields. The span is recomputed (p_span_end: the series' last
-- end, null when open-ended), widened by the exceptions; p_last_start is the series' last start
-- (null when single or open-ended). No row when there is no live event.
drop function calendar.update_event(uuid, uuid, text, text, text, timestamptz, timestamptz, boolean, text, text,
  timestamptz[], text, jsonb, timestamptz);

create function calendar.update_event(
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
  p_span_end timestamptz,
  p_last_start timestamptz default null
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
         span = v_span, last_start = p_last_start, updated_at = now()
   where e.id = p_event_id
  returning e.* into v_new;

  perform calendar.emit_event('calendar.calendar_event.updated', 1, v_new.village_id, p_actor_id,
    calendar.event_event_fields(v_new)
      || jsonb_build_object('changed', to_jsonb(v_changed), 'occurrence', null));
  return query select * from calendar.event_result(v_new);
end;
$$;

-- Edits or cancels one occurrence (an exception keyed by its original start). Null arguments
-- keep what the exception already says (or the series' value); p_cancelled true drops the
-- occurrence. A moved occurrence widens the series' span. Emits calendar_event.updated (or
-- .cancelled) with the occurrence. No row when there is no live event. A new exception beyond
-- p_max_exceptions of the series is refused (invalid).
drop function calendar.set_event_exception(uuid, uuid, timestamptz, boolean, text, text, text, timestamptz,
  timestamptz, jsonb);

create function calendar.set_event_exception(
  p_event_id uuid,
  p_actor_id uuid,
  p_original_start timestamptz,
  p_max_exceptions integer,
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

-- The village's live events whose span overlaps [p_from, p_to), at most p_limit of them (the
-- service refuses a range holding more), each with the exceptions the window can use: those of
-- originals the expansion walks (a duration, at least a day, and two days of zone offsets before
-- the window; two days after) and those moved into the window. One round trip (GiST on span).
drop function calendar.list_events_in_range(uuid, timestamptz, timestamptz);

create function calendar.list_events_in_range(
  p_village_id uuid,
  p_from timestamptz,
  p_to timestamptz,
  p_limit integer
) returns table (
  id uuid, village_id uuid, created_by uuid, title text, description text, location text,
  starts_at timestamptz, ends_at timestamptz, all_day boolean, time_zone text, rrule text,
  exdates jsonb, visibility text, data jsonb, cancelled_at timestamptz, created_at timestamptz,
  updated_at timestamptz, exceptions jsonb, last_start timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;
