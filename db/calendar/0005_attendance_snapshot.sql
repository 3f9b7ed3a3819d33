-- Internal snapshot for notifications' attendance: every answer to an event that is not
-- cancelled, in keyset pages by the attendance key, each with the time of its last change in
-- milliseconds (`version_at`, as event envelopes carry `occurredAt`). set_attendance writes the
-- row before it emits attendance.changed, so the event of a change a page does not reflect is never
-- earlier than the version the page gave. `occurrence_key` is the cursor's text form of the
-- occurrence ('-infinity' for a single event); `occurrence_start` is null for a single event.

create or replace function calendar.snapshot_attendance(
  p_after_event_id uuid, p_after_occurrence timestamptz, p_after_member_id uuid, p_limit integer
) returns table (
  event_id uuid, village_id uuid, member_id uuid, occurrence_start timestamptz, occurrence_key text,
  status text, version_at timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;
