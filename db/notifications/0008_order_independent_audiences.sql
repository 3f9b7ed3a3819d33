-- What notifications keeps from other services' events gives the same result whatever order the
-- events arrive in (a redelivery after a failure reverses a pair; calendar's, identity's and
-- messaging's streams are read by separate consumers, so their events interleave in any order):
-- - attendance: answers are versioned (0005); a cancelled event, a deleted village and a deleted
--   account are final, so a late attendance.changed stores nothing for them;
-- - notifications: none is made for an account already known deleted.
-- Cancelled events and deleted accounts leave tombstones (a deleted village is the membership
-- replica's tombstone), kept while an older event can still arrive: purge_audience_tombstones
-- drops them once they are older than the event stream's retention.

create table notifications.cancelled_events (
  event_id uuid primary key,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index cancelled_events_updated_at_idx on notifications.cancelled_events (updated_at);

create table notifications.deleted_users (
  user_id uuid primary key,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index deleted_users_updated_at_idx on notifications.deleted_users (updated_at);

-- attendance.changed, unless its event was cancelled, its village deleted or its member's account
-- deleted. True when applied.
create or replace function notifications.apply_attendance_change(
  p_event_id uuid, p_village_id uuid, p_user_id uuid, p_occurrence_start timestamptz, p_status text,
  p_occurred_at timestamptz
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if exists (select 1 from notifications.cancelled_events c where c.event_id = p_event_id)
     or exists (select 1 from notifications.deleted_users d where d.user_id = p_user_id)
     or exists (select 1 from notifications.villages v where v.id = p_village_id and v.deleted) then
    return false;
  end if;
  return notifications.apply_attendance(p_event_id, p_village_id, p_user_id, p_occurrence_start, p_status,
    p_occurred_at);
end;
$$;

-- calendar_event.cancelled of the whole event: its answers go, for good.
create or replace function notifications.forget_cancelled_event(p_event_id uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into notifications.cancelled_events (event_id) values (p_event_id) on conflict do nothing;
  return notifications.forget_event_attendance(p_event_id);
end;
$$;

-- user.deleted: what notifications keeps of the account goes (forget_user), for good.
create or replace function notifications.forget_deleted_user(p_user_id uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into notifications.deleted_users (user_id) values (p_user_id) on conflict do nothing;
  return notifications.forget_user(p_user_id);
end;
$$;

-- village.deleted: the village's preferences and answers go (forget_village), and the membership
-- replica learns the deletion in the same transaction, whichever consumer gets there first.
create or replace function notifications.forget_deleted_village(
  p_village_id uuid, p_occurred_at timestamptz, p_event_id uuid
) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform notifications.apply_village_event(p_village_id, null, true, p_occurred_at, p_event_id);
  return notifications.forget_village(p_village_id);
end;
$$;

-- create_notifications for the users of p_user_ids whose account is not known deleted.
create or replace function notifications.create_account_notifications(
  p_source_event_id uuid,
  p_kind text,
  p_village_id uuid,
  p_actor_id uuid,
  p_user_ids uuid[],
  p_subject jsonb,
  p_data jsonb,
  p_occurred_at timestamptz
) returns table (id uuid, user_id uuid, pushes integer)
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  select c.id, c.user_id, c.pushes
    from notifications.create_notifications(
      p_source_event_id, p_kind, p_village_id, p_actor_id,
      array(select u.id from unnest(p_user_ids) as u(id)
             where not exists (select 1 from notifications.deleted_users d where d.user_id = u.id)),
      p_subject, p_data, p_occurred_at) as c;
$$;

-- Drops the tombstones older than p_before (the stream's retention and a margin).
create or replace function notifications.purge_audience_tombstones(p_before timestamptz) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer;
  v_total integer;
begin
  delete from notifications.cancelled_events c where c.updated_at < p_before;
  get diagnostics v_total = row_count;
  delete from notifications.deleted_users d where d.updated_at < p_before;
  get diagnostics v_count = row_count;
  return v_total + v_count;
end;
$$;
