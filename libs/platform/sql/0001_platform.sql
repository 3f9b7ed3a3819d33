-- Platform objects installed in every service schema ({{schema}} is replaced by the runner).

create or replace function {{schema}}.uuid_v7() returns uuid
language sql volatile parallel safe
set search_path = pg_catalog, pg_temp
as $$
  -- 48-bit Unix milliseconds, then random bits; version nibble 7, RFC 9562 variant.
  select encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
        from 1 for 6),
      52, 1), 53, 1),
    'hex')::uuid;
$$;

-- Transactional outbox: a state-changing function writes its event here in its own transaction.
create table {{schema}}.outbox (
  seq bigint generated always as identity primary key,
  id uuid not null unique,
  type text not null,
  version integer not null check (version > 0),
  village_id uuid,
  actor_id uuid,
  data jsonb not null,
  occurred_at timestamptz not null default clock_timestamp(),
  claimed_until timestamptz,
  published_at timestamptz
);

-- Only unpublished rows are indexed, so the relay's scan stays small however long the history.
create index outbox_pending_idx on {{schema}}.outbox (seq) where published_at is null;
create index outbox_published_idx on {{schema}}.outbox (published_at) where published_at is not null;

create or replace function {{schema}}.emit_event(
  p_type text, p_version integer, p_village_id uuid, p_actor_id uuid, p_data jsonb
) returns uuid
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_id uuid := {{schema}}.uuid_v7();
begin
  insert into {{schema}}.outbox (id, type, version, village_id, actor_id, data)
  values (v_id, p_type, p_version, p_village_id, p_actor_id, p_data);
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('{{schema}}_outbox', '');
  return v_id;
end;
$$;

-- Leases a batch of pending rows. Selecting every unpublished row (not "seq > last seen") is what
-- keeps a row that committed late, behind a higher seq, from being skipped.
create or replace function {{schema}}.claim_outbox(p_limit integer, p_lease_ms integer)
returns table (seq bigint, id uuid, type text, version integer, village_id uuid, actor_id uuid,
               data jsonb, occurred_at timestamptz)
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update {{schema}}.outbox o
     set claimed_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0)
   where o.seq in (
     select p.seq from {{schema}}.outbox p
      where p.published_at is null
        and (p.claimed_until is null or p.claimed_until < clock_timestamp())
      order by p.seq
      limit p_limit
      for update skip locked)
  returning o.seq, o.id, o.type, o.version, o.village_id, o.actor_id, o.data, o.occurred_at;
$$;

create or replace function {{schema}}.mark_outbox_published(p_ids uuid[]) returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with done as (
    update {{schema}}.outbox set published_at = clock_timestamp(), claimed_until = null
     where id = any(p_ids) and published_at is null
    returning 1)
  select count(*)::integer from done;
$$;

create or replace function {{schema}}.purge_outbox(p_published_before timestamptz) returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (
    delete from {{schema}}.outbox where published_at < p_published_before returning 1)
  select count(*)::integer from gone;
$$;

create or replace function {{schema}}.count_pending_outbox() returns bigint
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select count(*) from {{schema}}.outbox where published_at is null;
$$;

-- Inbox: the ids of events a consumer has applied, written in the same transaction as the effect.
create table {{schema}}.inbox (
  consumer text not null,
  event_id uuid not null,
  processed_at timestamptz not null default clock_timestamp(),
  primary key (consumer, event_id)
);

create index inbox_processed_at_idx on {{schema}}.inbox (processed_at);

-- True the first time a consumer sees an event, false on a redelivery.
create or replace function {{schema}}.claim_inbox(p_consumer text, p_event_id uuid) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into {{schema}}.inbox (consumer, event_id) values (p_consumer, p_event_id)
  on conflict do nothing;
  return found;
end;
$$;

create or replace function {{schema}}.purge_inbox(p_processed_before timestamptz) returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (delete from {{schema}}.inbox where processed_at < p_processed_before returning 1)
  select count(*)::integer from gone;
$$;
