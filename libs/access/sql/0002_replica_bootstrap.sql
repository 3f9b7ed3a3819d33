-- Replica bootstraps ({{schema}} is replaced by the runner): a replica that never completed one,
-- is told to rebuild (REPLICA_REBUILD) or whose consumer fell behind the stream's retention loads
-- its owner's paged snapshot, then its durable consumer carries on from where the snapshot read.
-- One row per replica: the run in progress holds a lease (other processes of the service wait for
-- it), `completed_at` says a run finished. `started_at` (milliseconds) marks the rows a run named.

create table {{schema}}.replica_bootstraps (
  replica text primary key,
  started_at timestamptz,
  completed_at timestamptz,
  leased_until timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- No row when the replica never began one.
create or replace function {{schema}}.get_replica_bootstrap(p_replica text)
returns table (started_at timestamptz, completed_at timestamptz, leased_until timestamptz)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.started_at, r.completed_at, r.leased_until from {{schema}}.replica_bootstraps r where r.replica = p_replica;
$$;

-- Begins a run unless another process holds a live lease: returns the run's start (null: wait).
create or replace function {{schema}}.begin_replica_bootstrap(p_replica text, p_lease_ms integer)
returns timestamptz
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_started_at timestamptz := date_trunc('milliseconds', clock_timestamp());
begin
  insert into {{schema}}.replica_bootstraps as r (replica, started_at, leased_until)
  values (p_replica, v_started_at, clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0))
  on conflict (replica) do update
     set started_at = excluded.started_at, leased_until = excluded.leased_until, updated_at = now()
   where r.leased_until is null or r.leased_until < clock_timestamp();
  return case when found then v_started_at end;
end;
$$;

-- Extends the run's lease; false when the run is no longer the current one.
create or replace function {{schema}}.renew_replica_bootstrap(p_replica text, p_started_at timestamptz, p_lease_ms integer)
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  update {{schema}}.replica_bootstraps r
     set leased_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;

-- Ends the run: completed, lease released. False when the run is no longer the current one.
create or replace function {{schema}}.complete_replica_bootstrap(p_replica text, p_started_at timestamptz)
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  update {{schema}}.replica_bootstraps r
     set completed_at = clock_timestamp(), leased_until = null, updated_at = now()
   where r.replica = p_replica and r.started_at = p_started_at;
  return found;
end;
$$;
