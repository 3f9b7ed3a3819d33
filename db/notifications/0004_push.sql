-- Web Push: the browsers' subscriptions of each user, and a queue of push deliveries (one per
-- notification and subscription), written in the transaction that writes the notification
-- (notifications.create_notifications, 0005) and worked off by the push sender with a lease.
-- A push service's HTTP answer cannot join a transaction: a sender that dies after the push
-- service accepted a push and before the row is cleared leaves the lease to run out, and the push
-- is sent again with the same Topic header (the delivery id), which replaces it at the push
-- service while undelivered; its payload's notificationId lets the service worker replace it on
-- screen otherwise.

create table notifications.push_subscriptions (
  id uuid primary key default notifications.uuid_v7(),
  user_id uuid not null,
  -- The push service's URL for this browser: unique, a browser's subscription belongs to whoever
  -- registered it last.
  endpoint text not null constraint push_subscriptions_endpoint_key unique
    constraint push_subscriptions_endpoint_check check (char_length(endpoint) between 8 and 2048),
  -- The browser's P-256 public key and authentication secret (base64url), which encrypt payloads.
  p256dh text not null constraint push_subscriptions_p256dh_check check (char_length(p256dh) between 80 and 100),
  auth text not null constraint push_subscriptions_auth_check check (char_length(auth) between 16 and 32),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index push_subscriptions_user_created_at_id_idx on notifications.push_subscriptions (user_id, created_at, id);

create table notifications.push_deliveries (
  id uuid primary key default notifications.uuid_v7(),
  notification_id uuid not null references notifications.notifications (id) on delete cascade,
  subscription_id uuid not null references notifications.push_subscriptions (id) on delete cascade,
  status text not null default 'pending'
    constraint push_deliveries_status_check check (status in ('pending', 'sending', 'failed')),
  attempts integer not null default 0 constraint push_deliveries_attempts_check check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  last_error text constraint push_deliveries_last_error_check check (char_length(last_error) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint push_deliveries_notification_subscription_key unique (notification_id, subscription_id),
  constraint push_deliveries_lease_check check ((status = 'sending') = (lease_until is not null))
);

-- Only deliveries still to make are indexed; a delivered push's row is deleted.
create index push_deliveries_due_idx on notifications.push_deliveries (next_attempt_at)
  where status in ('pending', 'sending');
create index push_deliveries_subscription_id_idx on notifications.push_deliveries (subscription_id);

-- Registers (or refreshes) a subscription for the user. The same endpoint registered by another
-- user moves to this one, and its pending pushes (the other user's) are dropped. Beyond
-- p_max_per_user subscriptions, the user's least recently registered ones are removed.
create or replace function notifications.register_push_subscription(
  p_user_id uuid, p_endpoint text, p_p256dh text, p_auth text, p_max_per_user integer
) returns table (id uuid, endpoint text, created_at timestamptz, updated_at timestamptz)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_previous_user uuid;
  v_subscription notifications.push_subscriptions;
begin
  select s.user_id into v_previous_user from notifications.push_subscriptions s
   where s.endpoint = p_endpoint for update;
  insert into notifications.push_subscriptions as s (user_id, endpoint, p256dh, auth)
  values (p_user_id, p_endpoint, p_p256dh, p_auth)
  on conflict on constraint push_subscriptions_endpoint_key
  do update set user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth, updated_at = now()
  returning s.* into v_subscription;

  if v_previous_user is not null and v_previous_user <> p_user_id then
    delete from notifications.push_deliveries d where d.subscription_id = v_subscription.id;
  end if;

  delete from notifications.push_subscriptions s
   where s.user_id = p_user_id
     and s.id not in (select k.id from notifications.push_subscriptions k
                       where k.user_id = p_user_id
                       order by k.updated_at desc, k.id desc
                       limit greatest(p_max_per_user, 1));

  return query select v_subscription.id, v_subscription.endpoint, v_subscription.created_at,
                      v_subscription.updated_at;
end;
$$;

-- Removes one of the user's subscriptions (its pending pushes with it); false when it is not theirs.
create or replace function notifications.delete_push_subscription(p_user_id uuid, p_id uuid)
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from notifications.push_subscriptions s where s.id = p_id and s.user_id = p_user_id;
  return found;
end;
$$;

-- The push service said the subscription is gone (404/410): it is removed with its pending pushes.
create or replace function notifications.remove_gone_push_subscription(p_id uuid)
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from notifications.push_subscriptions s where s.id = p_id;
  return found;
end;
$$;

-- Leases up to p_limit due deliveries (pending ones whose time has come, and 'sending' ones whose
-- lease ran out) with what sending needs; each claim counts an attempt.
create or replace function notifications.claim_push_deliveries(p_limit integer, p_lease_ms integer)
returns table (
  id uuid, notification_id uuid, subscription_id uuid, endpoint text, p256dh text, auth text,
  kind text, village_id uuid, attempts integer
)
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with claimed as (
    update notifications.push_deliveries d
       set status = 'sending', attempts = d.attempts + 1,
           lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
     where d.id in (
       select q.id from notifications.push_deliveries q
        where (q.status = 'pending' and q.next_attempt_at <= clock_timestamp())
           or (q.status = 'sending' and q.lease_until < clock_timestamp())
        order by q.next_attempt_at
        limit p_limit
        for update skip locked)
    returning d.id, d.notification_id, d.subscription_id, d.attempts)
  select c.id, c.notification_id, c.subscription_id, s.endpoint, s.p256dh, s.auth, n.kind, n.village_id,
         c.attempts
    from claimed c
    join notifications.push_subscriptions s on s.id = c.subscription_id
    join notifications.notifications n on n.id = c.notification_id;
$$;

-- The push service accepted the push: the delivery is done (and its row goes).
create or replace function notifications.finish_push_delivery(p_id uuid)
returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  delete from notifications.push_deliveries d where d.id = p_id and d.status = 'sending';
$$;

-- A failed attempt: tried again after p_delay_ms, or 'failed' for good when p_final.
create or replace function notifications.fail_push_delivery(p_id uuid, p_error text, p_delay_ms integer, p_final boolean)
returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update notifications.push_deliveries
     set status = case when p_final then 'failed' else 'pending' end,
         next_attempt_at = clock_timestamp() + make_interval(secs => p_delay_ms / 1000.0),
         lease_until = null, last_error = left(p_error, 1000), updated_at = now()
   where id = p_id and status = 'sending';
$$;
