-- Events: a village's calendar. A recurring series is stored once (its RFC 5545 RRULE and
-- EXDATEs) and expanded in the service, in the event's time zone. One occurrence is edited or
-- cancelled by an exception keyed by the occurrence's original start. Attendance is per member
-- and per occurrence.

create table calendar.events (
  id uuid primary key default calendar.uuid_v7(),
  -- Identity's village id. No foreign key: the access replica may learn a village after its events.
  village_id uuid not null,
  -- The member who created it (the one who may edit it besides `events.manage`).
  created_by uuid not null,
  title text not null constraint events_title_check check (char_length(title) between 1 and 200),
  description text not null default ''
    constraint events_description_check check (char_length(description) <= 8000),
  location text not null default ''
    constraint events_location_check check (char_length(location) <= 500),
  -- The first occurrence. For an all-day event these are local midnights in time_zone (end
  -- exclusive: a one-day event ends at the next day's midnight).
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  all_day boolean not null default false,
  -- IANA zone the series is expanded in (wall-clock time kept across DST); validated by the service.
  time_zone text not null constraint events_time_zone_check check (char_length(time_zone) between 1 and 64),
  -- RFC 5545 RRULE (without DTSTART), validated by the service; null for a single event.
  rrule text constraint events_rrule_check check (char_length(rrule) <= 1000),
  -- Original starts of the occurrences the series skips.
  exdates timestamptz[] not null default '{}',
  visibility text not null default 'village'
    constraint events_visibility_check check (visibility in ('village', 'busy')),
  data jsonb not null default '{}'
    constraint events_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 65536),
  -- The whole series: first start to last end (upper unbounded for an open-ended RRULE), widened
  -- by exceptions moved outside it. Range queries use `span && tstzrange(from, to)`.
  span tstzrange not null,
  -- DELETE cancels: the row stays (attendance and the feed's history with it), lists skip it.
  cancelled_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint events_ends_after_starts_check check (ends_at > starts_at)
);

-- The range query: live events whose span overlaps the window (no btree_gist extension, so the
-- village is a filter on the GiST scan's rows; a village's own rows are few next to all spans).
create index events_span_idx on calendar.events using gist (span) where cancelled_at is null;
create index events_village_idx on calendar.events (village_id, starts_at);

-- Per-occurrence overrides of a recurring event, keyed by the occurrence's original start
-- (RECURRENCE-ID). A null field keeps the series' value; `cancelled` drops the occurrence.
create table calendar.event_exceptions (
  event_id uuid not null references calendar.events (id) on delete cascade,
  original_start timestamptz not null,
  cancelled boolean not null default false,
  title text constraint event_exceptions_title_check check (char_length(title) between 1 and 200),
  description text constraint event_exceptions_description_check check (char_length(description) <= 8000),
  location text constraint event_exceptions_location_check check (char_length(location) <= 500),
  starts_at timestamptz,
  ends_at timestamptz,
  data jsonb constraint event_exceptions_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 65536),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint event_exceptions_pkey primary key (event_id, original_start),
  constraint event_exceptions_ends_after_starts_check
    check (starts_at is null or ends_at is null or ends_at > starts_at)
);

-- RSVPs: one per member per occurrence. occurrence_start is the occurrence's original start for a
-- recurring event and '-infinity' for a single event (so moving it keeps the answers).
create table calendar.attendance (
  event_id uuid not null references calendar.events (id) on delete cascade,
  occurrence_start timestamptz not null,
  member_id uuid not null,
  status text not null constraint attendance_status_check check (status in ('yes', 'no', 'maybe')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint attendance_pkey primary key (event_id, occurrence_start, member_id)
);
