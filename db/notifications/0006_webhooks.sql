-- Webhooks: a village's admins register URLs that receive the village's events as signed POSTs.
--
-- An event reaches notifications through a durable JetStream consumer; in the transaction that
-- records it in the inbox, one `webhook_deliveries` row is queued per enabled webhook of its village
-- that subscribes to its type (unique per webhook and event, so a redelivered event queues nothing).
-- The delivery worker then leases due rows, POSTs outside any transaction and records the outcome:
-- a crash between the two leaves the lease to run out and the delivery is tried again with the same
-- delivery id, which receivers use to drop a duplicate.

create table notifications.webhooks (
  id uuid primary key default notifications.uuid_v7(),
  -- A village of identity (no foreign key: villages live in identity's schema).
  village_id uuid not null,
  url text not null
    constraint webhooks_url_check check (char_length(url) <= 2048 and url ~ '^https?://'),
  -- Event types (`messaging.post.created`), prefixes (`messaging.*`) or `*`; checked by the service.
  events text[] not null
    constraint webhooks_events_check check (cardinality(events) between 1 and 50),
  -- The signing key. It must sign, so it cannot be hashed: stored sealed with WEBHOOK_SECRET_KEY
  -- (`v1:…`, AES-256-GCM) when the service has one, else as given (`plain:…`). Never returned by a
  -- function but the worker's claim.
  secret text not null constraint webhooks_secret_check check (char_length(secret) between 1 and 1024),
  enabled boolean not null default true,
  disabled_at timestamptz,
  -- When the current run of failed attempts began; null after a success.
  failing_since timestamptz,
  created_by uuid not null,
  data jsonb not null default '{}' constraint webhooks_data_object check (jsonb_typeof(data) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhooks_disabled_check check (enabled = (disabled_at is null))
);

-- A village's webhooks: the list (newest first), the count against the limit, the fan-in lookup.
create index webhooks_village_created_at_id_idx on notifications.webhooks (village_id, created_at, id);

create table notifications.webhook_deliveries (
  id uuid primary key default notifications.uuid_v7(),
  webhook_id uuid not null references notifications.webhooks (id) on delete cascade,
  event_id uuid not null,
  event_type text not null,
  -- The exact bytes POSTed on every attempt (and redelivery): the event envelope as JSON.
  body text not null,
  status text not null default 'pending'
    constraint webhook_deliveries_status_check check (status in ('pending', 'failed', 'succeeded', 'dead')),
  -- Attempts since queued or last redelivered; a claim counts one (so a crash mid-attempt counts too).
  attempts integer not null default 0 constraint webhook_deliveries_attempts_check check (attempts >= 0),
  -- When the next attempt is due; a claim moves it to the lease's end, so a dead worker's claim
  -- comes due again by itself.
  next_attempt_at timestamptz default now(),
  -- The worker holding the delivery, and until when; a mark from a lost lease changes nothing.
  lease_id uuid,
  lease_until timestamptz,
  last_status_code integer
    constraint webhook_deliveries_last_status_code_check check (last_status_code between 100 and 599),
  last_error text constraint webhook_deliveries_last_error_check check (char_length(last_error) <= 1000),
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhook_deliveries_event_key unique (webhook_id, event_id),
  constraint webhook_deliveries_lease_check check ((lease_id is null) = (lease_until is null)),
  constraint webhook_deliveries_lease_status_check check (lease_id is null or status in ('pending', 'failed')),
  constraint webhook_deliveries_due_check check ((status in ('pending', 'failed')) = (next_attempt_at is not null)),
  constraint webhook_deliveries_delivered_check check ((status = 'succeeded') = (delivered_at is not null))
);

-- The worker's scan: only deliveries still to send are indexed, however long the log.
create index webhook_deliveries_due_idx on notifications.webhook_deliveries (next_attempt_at)
  where status in ('pending', 'failed');
-- The delivery log of a webhook, newest first, whole or by status.
create index webhook_deliveries_webhook_created_at_id_idx
  on notifications.webhook_deliveries (webhook_id, created_at desc, id desc);
create index webhook_deliveries_webhook_status_created_at_id_idx
  on notifications.webhook_deliveries (webhook_id, status, created_at desc, id desc);
-- The retention purge of finished deliveries.
create index webhook_deliveries_finished_idx on notifications.webhook_deliveries (updated_at)
  where status in ('succeeded', 'dead');

-- One row per HTTP attempt of a delivery (or an attempt its worker never finished).
create table notifications.webhook_delivery_attempts (
  id uuid primary key default notifications.uuid_v7(),
  delivery_id uuid not null references notifications.webhook_deliveries (id) on delete cascade,
  number integer not null constraint webhook_delivery_attempts_number_check check (number > 0),
  status_code integer
    constraint webhook_delivery_attempts_status_code_check check (status_code between 100 and 599),
  error text constraint webhook_delivery_attempts_error_check check (char_length(error) <= 1000),
  duration_ms integer not null constraint webhook_delivery_attempts_duration_check check (duration_ms >= 0),
  succeeded boolean not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create index webhook_delivery_attempts_delivery_created_at_id_idx
  on notifications.webhook_delivery_attempts (delivery_id, created_at desc, id desc);
