-- The village's events in a range (as list_events_in_range) with, in the same statement, the
-- membership replica's facts for (the village, the caller), prefixed replica_ (libs/access decides on
-- them; the service drops the rows when it refuses): one round trip where the access check and the
-- range were two. Always a row: one with null event columns when the range holds none.
create or replace function calendar.list_events_in_range_with_membership(
  p_village_id uuid,
  p_actor_id uuid,
  p_from timestamptz,
  p_to timestamptz,
  p_limit integer
) returns table (
  replica_village_known boolean, replica_visibility text, replica_village_deleted boolean,
  replica_village_revision integer, replica_member_known boolean, replica_role text,
  replica_member_revision integer,
  id uuid, village_id uuid, created_by uuid, title text, description text, location text,
  starts_at timestamptz, ends_at timestamptz, all_day boolean, time_zone text, rrule text,
  exdates jsonb, visibility text, data jsonb, cancelled_at timestamptz, created_at timestamptz,
  updated_at timestamptz, exceptions jsonb, last_start timestamptz
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select m.village_known, m.visibility, m.village_deleted, m.village_revision, m.member_known, m.role,
         m.member_revision,
         e.id, e.village_id, e.created_by, e.title, e.description, e.location, e.starts_at, e.ends_at,
         e.all_day, e.time_zone, e.rrule, e.exdates, e.visibility, e.data, e.cancelled_at, e.created_at,
         e.updated_at, e.exceptions, e.last_start
    from calendar.get_membership(p_village_id, p_actor_id) m
    left join lateral calendar.list_events_in_range(p_village_id, p_from, p_to, p_limit) with ordinality e
      on true
   order by e.ordinality;
$$;
