-- Broadcasts: a message from an admin (or a role with `broadcasts.send`) to every villager, listed
-- newest first, and a per-member read cursor that tells how many are unread.
--
-- Unread broadcasts are counted at read time after the member's cursor, along the
-- (village_id, created_at, id) index, stopping at a cap given by TypeScript: a bounded range, never
-- the village's history. A member without a cursor has every broadcast unread (up to the cap).
-- Sends in a village are serialised (an advisory lock per village), so `created_at` follows commit
-- order and a cursor never jumps over a broadcast that commits later.

create table messaging.broadcasts (
  id uuid primary key default messaging.uuid_v7(),
  -- Identity's village id. No foreign key: the access replica may learn a village after this row.
  village_id uuid not null,
  author_id uuid not null,
  body text not null
    constraint broadcasts_body_check check (char_length(body) >= 1 and octet_length(body) <= 16384),
  data jsonb not null default '{}'
    constraint broadcasts_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 65536),
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default clock_timestamp()
);

-- A village's broadcasts, newest first; keyset on (created_at, id). Also bounds unread counting.
create index broadcasts_village_created_at_id_idx on messaging.broadcasts (village_id, created_at, id);

-- Each member's read cursor of a village's broadcasts (shared by all their devices).
create table messaging.broadcast_reads (
  village_id uuid not null,
  user_id uuid not null,
  read_up_to_id uuid not null,
  read_up_to_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint broadcast_reads_pkey primary key (village_id, user_id)
);

-- The row every broadcast function returns.
create or replace function messaging.broadcast_result(p_broadcast messaging.broadcasts)
returns table (
  id uuid, village_id uuid, author_id uuid, body text, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p_broadcast.id, p_broadcast.village_id, p_broadcast.author_id, p_broadcast.body, p_broadcast.data,
         p_broadcast.created_at, p_broadcast.updated_at,
         -- Microsecond precision, so a cursor built from it skips and repeats nothing.
         to_char(p_broadcast.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
$$;

-- Moves a member's broadcast read cursor forward (never back).
create or replace function messaging.advance_broadcast_cursor(
  p_village_id uuid, p_user_id uuid, p_broadcast_id uuid, p_at timestamptz
) returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  insert into messaging.broadcast_reads as r (village_id, user_id, read_up_to_id, read_up_to_at)
  values (p_village_id, p_user_id, p_broadcast_id, p_at)
  on conflict (village_id, user_id) do update
     set read_up_to_id = excluded.read_up_to_id, read_up_to_at = excluded.read_up_to_at, updated_at = now()
   where (excluded.read_up_to_at, excluded.read_up_to_id) > (r.read_up_to_at, r.read_up_to_id);
$$;

-- A broadcast to the village with broadcast.sent; the author has read it.
create or replace function messaging.send_broadcast(
  p_village_id uuid,
  p_author_id uuid,
  p_body text,
  p_data jsonb default '{}'
) returns table (
  id uuid, village_id uuid, author_id uuid, body text, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_broadcast messaging.broadcasts;
begin
  perform pg_advisory_xact_lock(hashtextextended('messaging.broadcasts:' || p_village_id::text, 0));

  -- created_at defaults to clock_timestamp(): taken after the lock, so it follows commit order.
  insert into messaging.broadcasts as b (village_id, author_id, body, data)
  values (p_village_id, p_author_id, p_body, coalesce(p_data, '{}'))
  returning b.* into v_broadcast;

  perform messaging.advance_broadcast_cursor(p_village_id, p_author_id, v_broadcast.id, v_broadcast.created_at);

  perform messaging.emit_event('messaging.broadcast.sent', 1, p_village_id, p_author_id,
    jsonb_build_object('broadcastId', v_broadcast.id, 'villageId', p_village_id, 'authorId', p_author_id,
                       'body', v_broadcast.body));

  return query select * from messaging.broadcast_result(v_broadcast);
end;
$$;

-- One page of a village's broadcasts, newest first, before the (created_at, id) cursor when given.
create or replace function messaging.list_broadcasts(
  p_village_id uuid,
  p_limit integer,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null
) returns table (
  id uuid, village_id uuid, author_id uuid, body text, data jsonb, created_at timestamptz,
  updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*
    from messaging.broadcasts b
   cross join lateral messaging.broadcast_result(b) r
   where b.village_id = p_village_id
     and (p_before_created_at is null or (b.created_at, b.id) < (p_before_created_at, p_before_id))
   order by b.created_at desc, b.id desc
   limit p_limit;
$$;

-- How many of the village's broadcasts p_user_id has not read, up to p_unread_cap. The author's own
-- broadcasts are never after their cursor (a send moves it), so the range holds at most
-- p_unread_cap rows of others before it stops.
create or replace function messaging.count_unread_broadcasts(p_village_id uuid, p_user_id uuid, p_unread_cap integer)
returns table (read_up_to_id uuid, unread_count integer)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.read_up_to_id,
         (select count(*)::integer from (
            select 1 from messaging.broadcasts b
             where b.village_id = p_village_id
               and (r.read_up_to_at is null or (b.created_at, b.id) > (r.read_up_to_at, r.read_up_to_id))
               and b.author_id <> p_user_id
             order by b.created_at, b.id
             limit p_unread_cap) unread)
    from (select 1) one
    left join messaging.broadcast_reads r on r.village_id = p_village_id and r.user_id = p_user_id;
$$;

-- Moves p_user_id's broadcast read cursor forward to p_broadcast_id (never back) and returns the
-- cursor and the unread count after it; `invalid` when the broadcast is not the village's.
create or replace function messaging.mark_broadcasts_read(
  p_village_id uuid, p_user_id uuid, p_broadcast_id uuid, p_unread_cap integer
) returns table (read_up_to_id uuid, unread_count integer)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_at timestamptz;
begin
  select b.created_at into v_at
    from messaging.broadcasts b
   where b.id = p_broadcast_id and b.village_id = p_village_id;
  if not found then
    raise exception using errcode = '22023', message = 'invalid',
      detail = 'upToBroadcastId: not a broadcast of this village';
  end if;
  perform messaging.advance_broadcast_cursor(p_village_id, p_user_id, p_broadcast_id, v_at);
  return query select * from messaging.count_unread_broadcasts(p_village_id, p_user_id, p_unread_cap);
end;
$$;
