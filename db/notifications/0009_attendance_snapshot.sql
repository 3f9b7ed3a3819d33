-- Event attendance from calendar's snapshot (attendance.snapshot), when notifications starts
-- without it, is told to rebuild it or fell behind the stream's retention. Each answer carries the
-- time of its last change, so it replaces only an older one (an event applied meanwhile, newer,
-- stays); cancelled events, deleted villages and deleted accounts keep none. `synced_at` marks the
-- rows a bootstrap run named; after its last page, answers it did not name and nothing changed
-- since the run began are gone at calendar (their event was cancelled).

alter table notifications.event_attendance add column synced_at timestamptz;

-- One page of answers [{eventId, villageId, memberId, occurrenceStart, status, versionAt}].
-- Returns the rows changed.
create or replace function notifications.store_attendance_snapshot(p_answers jsonb, p_synced_at timestamptz)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer;
begin
  update notifications.event_attendance a set synced_at = p_synced_at
    from jsonb_to_recordset(p_answers) as x("eventId" uuid, "memberId" uuid, "occurrenceStart" timestamptz)
   where a.event_id = x."eventId" and a.user_id = x."memberId"
     and a.occurrence_start = coalesce(x."occurrenceStart", '-infinity');
  insert into notifications.event_attendance as a
    (event_id, village_id, user_id, occurrence_start, status, version_at, synced_at)
  select x."eventId", x."villageId", x."memberId", coalesce(x."occurrenceStart", '-infinity'), x.status,
         x."versionAt", p_synced_at
    from jsonb_to_recordset(p_answers) as x("eventId" uuid, "villageId" uuid, "memberId" uuid,
                                             "occurrenceStart" timestamptz, status text, "versionAt" timestamptz)
   where not exists (select 1 from notifications.cancelled_events c where c.event_id = x."eventId")
     and not exists (select 1 from notifications.deleted_users d where d.user_id = x."memberId")
     and not exists (select 1 from notifications.villages v where v.id = x."villageId" and v.deleted)
  on conflict on constraint event_attendance_event_occurrence_user_key do update
     set status = excluded.status, version_at = excluded.version_at, updated_at = now()
   where a.version_at < excluded.version_at;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

-- After a run's last page: answers it did not name, untouched since it began, are gone.
create or replace function notifications.sweep_attendance(p_synced_at timestamptz) returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (
    delete from notifications.event_attendance a
     where a.synced_at is distinct from p_synced_at and a.updated_at < p_synced_at
    returning 1)
  select count(*)::integer from gone;
$$;
