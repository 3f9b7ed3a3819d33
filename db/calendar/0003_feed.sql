-- The iCalendar feed: a member's feed token per village (only its sha256 is stored; a new token
-- replaces the member's previous one, revoking it) and the one query a feed is built from.

create table calendar.feed_tokens (
  id uuid primary key default calendar.uuid_v7(),
  -- Identity's village id (no foreign key, as for events).
  village_id uuid not null,
  -- The member whose feed it is; their membership is checked on every fetch.
  member_id uuid not null,
  -- sha256 of the token (32 random bytes, base64url); the token itself is never stored.
  token_hash bytea not null constraint feed_tokens_token_hash_key unique
    constraint feed_tokens_token_hash_length_check check (octet_length(token_hash) = 32),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- One live token per member per village.
  constraint feed_tokens_village_member_key unique (village_id, member_id)
);

-- The member's new token, replacing (so revoking) the previous one in one statement.
create or replace function calendar.create_feed_token(p_village_id uuid, p_member_id uuid, p_token_hash bytea)
returns table (id uuid, village_id uuid, member_id uuid, created_at timestamptz)
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  insert into calendar.feed_tokens as t (village_id, member_id, token_hash)
  values (p_village_id, p_member_id, p_token_hash)
  on conflict on constraint feed_tokens_village_member_key
  do update set token_hash = excluded.token_hash, created_at = now(), updated_at = now()
  returning t.id, t.village_id, t.member_id, t.created_at;
$$;

-- Revokes the member's token of the village; no row when there was none.
create or replace function calendar.revoke_feed_token(p_village_id uuid, p_member_id uuid)
returns table (id uuid)
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  delete from calendar.feed_tokens t
   where t.village_id = p_village_id and t.member_id = p_member_id
  returning t.id;
$$;

-- The live token with this hash, for this village; no row for an unknown or revoked token.
create or replace function calendar.find_feed_token(p_village_id uuid, p_token_hash bytea)
returns table (id uuid, village_id uuid, member_id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select t.id, t.village_id, t.member_id
    from calendar.feed_tokens t
   where t.token_hash = p_token_hash and t.village_id = p_village_id;
$$;

-- The feed's events in one round trip: the village's live events whose series reaches past
-- p_from (GiST on span), with their exdates (ISO strings) and exceptions (by original start) as JSON.
create or replace function calendar.list_feed_events(p_village_id uuid, p_from timestamptz)
returns table (
  id uuid, created_by uuid, title text, description text, location text, starts_at timestamptz,
  ends_at timestamptz, all_day boolean, time_zone text, rrule text, exdates jsonb,
  visibility text, created_at timestamptz, updated_at timestamptz, exceptions jsonb
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
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
$$;
