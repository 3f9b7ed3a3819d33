-- Webhook functions: registration and the delivery queue. Who may do what, which events a webhook
-- receives, backoff and when to give up are decided in TypeScript (apps/notifications/src/webhooks);
-- these functions take those numbers as parameters.

-- A webhook as the API shows it: every column but the secret.
create or replace function notifications.get_webhook(p_village_id uuid, p_webhook_id uuid)
returns table (
  id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamptz,
  failing_since timestamptz, created_by uuid, data jsonb, created_at timestamptz, updated_at timestamptz,
  sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select w.id, w.village_id, w.url, w.events, w.enabled, w.disabled_at, w.failing_since, w.created_by,
         w.data, w.created_at, w.updated_at, w.created_at::text
    from notifications.webhooks w
   where w.id = p_webhook_id and w.village_id = p_village_id;
$$;

-- Registers a webhook; `conflict` when the village already has p_max_per_village of them.
create or replace function notifications.create_webhook(
  p_village_id uuid, p_url text, p_events text[], p_secret text, p_created_by uuid,
  p_max_per_village integer, p_data jsonb default null
) returns table (
  id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamptz,
  failing_since timestamptz, created_by uuid, data jsonb, created_at timestamptz, updated_at timestamptz,
  sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id uuid;
begin
  -- Serialises registrations per village, so two at once cannot both pass the limit.
  perform pg_advisory_xact_lock(hashtextextended('notifications.webhooks:' || p_village_id::text, 0));
  if (select count(*) from notifications.webhooks w where w.village_id = p_village_id) >= p_max_per_village then
    raise exception using errcode = '23514', message = 'conflict',
      detail = format('A village has at most %s webhooks', p_max_per_village);
  end if;
  insert into notifications.webhooks (village_id, url, events, secret, created_by, data)
  values (p_village_id, p_url, p_events, p_secret, p_created_by, coalesce(p_data, '{}'))
  returning notifications.webhooks.id into v_id;
  return query select * from notifications.get_webhook(p_village_id, v_id);
end;
$$;

-- A page of a village's webhooks, newest first, before the cursor.
create or replace function notifications.list_webhooks(
  p_village_id uuid, p_limit integer, p_before_created_at timestamptz default null, p_before_id uuid default null
) returns table (
  id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamptz,
  failing_since timestamptz, created_by uuid, data jsonb, created_at timestamptz, updated_at timestamptz,
  sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select w.id, w.village_id, w.url, w.events, w.enabled, w.disabled_at, w.failing_since, w.created_by,
         w.data, w.created_at, w.updated_at, w.created_at::text
    from notifications.webhooks w
   where w.village_id = p_village_id
     and (p_before_id is null or (w.created_at, w.id) < (p_before_created_at, p_before_id))
   order by w.created_at desc, w.id desc
   limit p_limit;
$$;

-- Moves a disabled webhook's deliveries still to send to `dead` (redeliverable once it is enabled).
create or replace function notifications.kill_webhook_deliveries(p_webhook_id uuid, p_reason text)
returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with killed as (
    update notifications.webhook_deliveries d
       set status = 'dead', next_attempt_at = null, lease_id = null, lease_until = null,
           last_error = left(p_reason, 1000), updated_at = now()
     where d.webhook_id = p_webhook_id and d.status in ('pending', 'failed')
    returning 1)
  select count(*)::integer from killed;
$$;

-- Changes the fields given (null: unchanged). Enabling clears the failure run; disabling stops
-- its pending deliveries (dead). A new URL starts a new failure run. not_found when absent.
create or replace function notifications.update_webhook(
  p_village_id uuid, p_webhook_id uuid, p_url text default null, p_events text[] default null,
  p_enabled boolean default null, p_data jsonb default null
) returns table (
  id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamptz,
  failing_since timestamptz, created_by uuid, data jsonb, created_at timestamptz, updated_at timestamptz,
  sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_was_enabled boolean;
begin
  select w.enabled into v_was_enabled from notifications.webhooks w
   where w.id = p_webhook_id and w.village_id = p_village_id
   for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such webhook';
  end if;
  update notifications.webhooks w
     set url = coalesce(p_url, w.url),
         events = coalesce(p_events, w.events),
         data = coalesce(p_data, w.data),
         enabled = coalesce(p_enabled, w.enabled),
         disabled_at = case when coalesce(p_enabled, w.enabled) then null else coalesce(w.disabled_at, now()) end,
         failing_since = case
           when p_enabled and not v_was_enabled then null
           when p_url is not null and p_url <> w.url then null
           else w.failing_since end,
         updated_at = now()
   where w.id = p_webhook_id;
  if v_was_enabled and p_enabled is false then
    perform notifications.kill_webhook_deliveries(p_webhook_id, 'webhook disabled');
  end if;
  return query select * from notifications.get_webhook(p_village_id, p_webhook_id);
end;
$$;

-- Deletes a webhook with its deliveries and their attempts; false when there was none.
create or replace function notifications.delete_webhook(p_village_id uuid, p_webhook_id uuid)
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from notifications.webhooks w where w.id = p_webhook_id and w.village_id = p_village_id;
  return found;
end;
$$;

-- A deleted village's webhooks go with it; the number deleted.
create or replace function notifications.delete_village_webhooks(p_village_id uuid)
returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (delete from notifications.webhooks w where w.village_id = p_village_id returning 1)
  select count(*)::integer from gone;
$$;

-- The enabled webhooks of a village and what they subscribe to (the fan-in decides the matches).
create or replace function notifications.list_enabled_webhooks(p_village_id uuid)
returns table (id uuid, events text[])
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select w.id, w.events from notifications.webhooks w
   where w.village_id = p_village_id and w.enabled
   order by w.created_at, w.id;
$$;

-- Queues one delivery of an event per webhook given that is still enabled; an event already
-- queued for a webhook is not queued again. The number queued now.
create or replace function notifications.enqueue_webhook_deliveries(
  p_webhook_ids uuid[], p_event_id uuid, p_event_type text, p_body text
) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer;
begin
  insert into notifications.webhook_deliveries (webhook_id, event_id, event_type, body)
  select w.id, p_event_id, p_event_type, p_body
    from notifications.webhooks w
   where w.id = any(p_webhook_ids) and w.enabled
  on conflict (webhook_id, event_id) do nothing;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;

-- Leases up to p_limit due deliveries of enabled webhooks (skipping rows another worker holds):
-- each claim counts an attempt and moves next_attempt_at to the lease's end. A delivery whose
-- earlier lease ran out (its worker stopped mid-attempt) gets that attempt logged as interrupted.
-- Returns what the worker needs to send, the stored secret included.
create or replace function notifications.claim_webhook_deliveries(p_limit integer, p_lease_ms integer)
returns table (
  id uuid, webhook_id uuid, village_id uuid, event_id uuid, event_type text, body text, attempts integer,
  lease_id uuid, url text, secret text
)
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with due as (
    select d.id, d.attempts, d.lease_id as stale_lease_id
      from notifications.webhook_deliveries d
      join notifications.webhooks w on w.id = d.webhook_id
     where d.status in ('pending', 'failed') and d.next_attempt_at <= clock_timestamp() and w.enabled
     order by d.next_attempt_at
     limit p_limit
       for update of d skip locked
  ), interrupted as (
    insert into notifications.webhook_delivery_attempts (delivery_id, number, error, duration_ms, succeeded)
    select due.id, due.attempts, 'interrupted: the sender stopped before the answer was recorded', 0, false
      from due
     where due.stale_lease_id is not null and due.attempts > 0
  )
  update notifications.webhook_deliveries d
     set attempts = d.attempts + 1,
         lease_id = gen_random_uuid(),
         lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0),
         next_attempt_at = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0),
         updated_at = now()
    from due, notifications.webhooks w
   where d.id = due.id and w.id = d.webhook_id
  returning d.id, d.webhook_id, w.village_id, d.event_id, d.event_type, d.body, d.attempts, d.lease_id,
            w.url, w.secret;
$$;

-- A 2xx answer: the delivery succeeded and its webhook's failure run is over. False when the lease
-- was lost (another worker took the delivery over, or the webhook was disabled meanwhile).
-- Locks the webhook before the delivery, like every function that changes both (no deadlock).
create or replace function notifications.mark_webhook_delivery_succeeded(
  p_id uuid, p_lease_id uuid, p_status_code integer, p_duration_ms integer
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_webhook_id uuid;
  v_number integer;
begin
  select d.webhook_id into v_webhook_id from notifications.webhook_deliveries d
   where d.id = p_id and d.lease_id = p_lease_id;
  if not found then
    return false;
  end if;
  perform 1 from notifications.webhooks w where w.id = v_webhook_id for update;
  update notifications.webhook_deliveries d
     set status = 'succeeded', delivered_at = now(), next_attempt_at = null, lease_id = null,
         lease_until = null, last_status_code = p_status_code, last_error = null, updated_at = now()
   where d.id = p_id and d.lease_id = p_lease_id
  returning d.attempts into v_number;
  if not found then
    return false;
  end if;
  insert into notifications.webhook_delivery_attempts (delivery_id, number, status_code, duration_ms, succeeded)
  values (p_id, v_number, p_status_code, p_duration_ms, true);
  update notifications.webhooks w set failing_since = null, updated_at = now()
   where w.id = v_webhook_id and w.failing_since is not null;
  return true;
end;
$$;

-- A failed attempt: retried after p_retry_in_ms, or `dead` when that is null. The webhook's failure
-- run starts now if none is under way; when it has lasted p_disable_after_ms the webhook is
-- disabled, its other deliveries still to send die with it, and notifications.webhook.disabled is
-- emitted (the creator is notified from it). `recorded` is false when the lease was lost.
create or replace function notifications.mark_webhook_delivery_failed(
  p_id uuid, p_lease_id uuid, p_status_code integer, p_error text, p_duration_ms integer,
  p_retry_in_ms integer, p_disable_after_ms bigint
) returns table (recorded boolean, dead boolean, webhook_disabled boolean)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_delivery notifications.webhook_deliveries;
  v_webhook notifications.webhooks;
  v_dead boolean := p_retry_in_ms is null;
begin
  -- The webhook is locked first (then the delivery), so concurrent failures of its deliveries
  -- disable it once, and disabling (which changes its other deliveries) cannot deadlock with them.
  select w.* into v_webhook from notifications.webhooks w
   where w.id = (select d.webhook_id from notifications.webhook_deliveries d where d.id = p_id)
   for update;
  select d.* into v_delivery from notifications.webhook_deliveries d
   where d.id = p_id and d.lease_id = p_lease_id
   for update;
  if not found then
    return query select false, false, false;
    return;
  end if;
  if not v_webhook.enabled then
    v_dead := true;
  end if;

  insert into notifications.webhook_delivery_attempts (delivery_id, number, status_code, error, duration_ms, succeeded)
  values (p_id, v_delivery.attempts, p_status_code, left(p_error, 1000), p_duration_ms, false);
  update notifications.webhook_deliveries d
     set status = case when v_dead then 'dead' else 'failed' end,
         next_attempt_at = case when v_dead then null
                                else clock_timestamp() + make_interval(secs => p_retry_in_ms / 1000.0) end,
         lease_id = null, lease_until = null, last_status_code = p_status_code,
         last_error = left(p_error, 1000), updated_at = now()
   where d.id = p_id;

  if not v_webhook.enabled then
    return query select true, v_dead, false;
    return;
  end if;
  if v_webhook.failing_since is null then
    update notifications.webhooks w set failing_since = now(), updated_at = now() where w.id = v_webhook.id;
    return query select true, v_dead, false;
    return;
  end if;
  if v_webhook.failing_since > now() - make_interval(secs => p_disable_after_ms / 1000.0) then
    return query select true, v_dead, false;
    return;
  end if;

  update notifications.webhooks w
     set enabled = false, disabled_at = now(), updated_at = now()
   where w.id = v_webhook.id;
  perform notifications.kill_webhook_deliveries(v_webhook.id, 'webhook disabled after failing too long');
  perform notifications.emit_event('notifications.webhook.disabled', 1, v_webhook.village_id, null,
    jsonb_build_object(
      'webhookId', v_webhook.id,
      'villageId', v_webhook.village_id,
      'createdBy', v_webhook.created_by,
      'failingSince', to_char(v_webhook.failing_since at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
      'disabledAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')));
  return query select true, true, true;
end;
$$;

-- The latest attempts of a delivery, newest first, as the API shows them.
create or replace function notifications.webhook_delivery_recent_attempts(p_delivery_id uuid, p_limit integer)
returns jsonb
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select coalesce(jsonb_agg(jsonb_build_object(
           'number', a.number,
           'at', to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'statusCode', a.status_code, 'error', a.error,
           'durationMs', a.duration_ms, 'succeeded', a.succeeded) order by a.created_at desc, a.id desc), '[]')
    from (select * from notifications.webhook_delivery_attempts x
           where x.delivery_id = p_delivery_id
           order by x.created_at desc, x.id desc
           limit p_limit) a;
$$;

-- A page of a webhook's deliveries (all, or of one status), newest first, before the cursor.
create or replace function notifications.list_webhook_deliveries(
  p_webhook_id uuid, p_limit integer, p_attempts_limit integer, p_status text default null,
  p_before_created_at timestamptz default null, p_before_id uuid default null
) returns table (
  id uuid, webhook_id uuid, event_id uuid, event_type text, status text, attempts integer,
  last_status_code integer, last_error text, next_attempt_at timestamptz, delivered_at timestamptz,
  created_at timestamptz, updated_at timestamptz, recent_attempts jsonb, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select d.id, d.webhook_id, d.event_id, d.event_type, d.status, d.attempts, d.last_status_code,
         d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.updated_at,
         notifications.webhook_delivery_recent_attempts(d.id, p_attempts_limit), d.created_at::text
    from notifications.webhook_deliveries d
   where d.webhook_id = p_webhook_id
     and (p_status is null or d.status = p_status)
     and (p_before_id is null or (d.created_at, d.id) < (p_before_created_at, p_before_id))
   order by d.created_at desc, d.id desc
   limit p_limit;
$$;

-- Queues a delivery again, due now, attempts counted afresh (same id and body). not_found when it
-- is not the webhook's; `conflict` while its webhook is disabled or an attempt is in flight.
create or replace function notifications.redeliver_webhook_delivery(
  p_webhook_id uuid, p_delivery_id uuid, p_attempts_limit integer
) returns table (
  id uuid, webhook_id uuid, event_id uuid, event_type text, status text, attempts integer,
  last_status_code integer, last_error text, next_attempt_at timestamptz, delivered_at timestamptz,
  created_at timestamptz, updated_at timestamptz, recent_attempts jsonb, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_delivery notifications.webhook_deliveries;
begin
  select * into v_delivery from notifications.webhook_deliveries d
   where d.id = p_delivery_id and d.webhook_id = p_webhook_id
   for update;
  if not found then
    raise exception using errcode = 'P0002', message = 'not_found', detail = 'No such delivery';
  end if;
  if not (select w.enabled from notifications.webhooks w where w.id = p_webhook_id) then
    raise exception using errcode = 'P0001', message = 'conflict',
      detail = 'The webhook is disabled: enable it before redelivering';
  end if;
  if v_delivery.lease_until > clock_timestamp() then
    raise exception using errcode = 'P0001', message = 'conflict',
      detail = 'The delivery is being attempted now';
  end if;
  update notifications.webhook_deliveries d
     set status = 'pending', attempts = 0, next_attempt_at = clock_timestamp(), lease_id = null,
         lease_until = null, delivered_at = null, updated_at = now()
   where d.id = p_delivery_id;
  return query
    select d.id, d.webhook_id, d.event_id, d.event_type, d.status, d.attempts, d.last_status_code,
           d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.updated_at,
           notifications.webhook_delivery_recent_attempts(d.id, p_attempts_limit), d.created_at::text
      from notifications.webhook_deliveries d
     where d.id = p_delivery_id;
end;
$$;

-- Forgets finished deliveries (succeeded or dead) last changed before p_before, at most p_limit.
create or replace function notifications.purge_webhook_deliveries(p_before timestamptz, p_limit integer)
returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with gone as (
    delete from notifications.webhook_deliveries d
     where d.id in (select x.id from notifications.webhook_deliveries x
                     where x.status in ('succeeded', 'dead') and x.updated_at < p_before
                     order by x.updated_at
                     limit p_limit)
    returning 1)
  select count(*)::integer from gone;
$$;
