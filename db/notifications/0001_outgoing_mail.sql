-- Outgoing mail: one row per event that asks for an email, written in the consumer's inbox
-- transaction (so an event is never lost nor queued twice), then sent by the mail sender outside
-- any transaction. SMTP cannot join a database transaction: a row is leased ('sending') before
-- the SMTP call and marked 'sent' after it. A sender that dies between the two leaves the lease
-- to run out, and the mail is sent again with the same Message-ID (the event id), which receivers
-- use to drop the duplicate. That window (SMTP accepted, mark not committed) is the only way a
-- second copy can leave.

create table notifications.outgoing_mail (
  id uuid primary key default notifications.uuid_v7(),
  -- The event that asked for the mail: at most one mail per event.
  event_id uuid not null constraint outgoing_mail_event_key unique,
  kind text not null constraint outgoing_mail_kind_check check (kind in ('invitation')),
  -- What the sender needs to render the mail (ids, versions; never a secret).
  payload jsonb not null constraint outgoing_mail_payload_object check (jsonb_typeof(payload) = 'object'),
  -- RFC 5322 Message-ID, derived from the event id, the same on every attempt.
  message_id text not null,
  status text not null default 'pending'
    constraint outgoing_mail_status_check check (status in ('pending', 'sending', 'sent', 'skipped', 'failed')),
  attempts integer not null default 0 constraint outgoing_mail_attempts_check check (attempts >= 0),
  next_attempt_at timestamptz not null default now(),
  lease_until timestamptz,
  last_error text constraint outgoing_mail_last_error_check check (char_length(last_error) <= 1000),
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint outgoing_mail_lease_check check ((status = 'sending') = (lease_until is not null)),
  constraint outgoing_mail_sent_check check ((status = 'sent') = (sent_at is not null))
);

-- Only mail still to send is indexed, so the sender's scan stays small however long the history.
create index outgoing_mail_due_idx on notifications.outgoing_mail (next_attempt_at)
  where status in ('pending', 'sending');
create index outgoing_mail_created_at_id_idx on notifications.outgoing_mail (created_at, id);

-- Queues a mail for an event; a second call for the same event changes nothing. True when queued now.
create or replace function notifications.enqueue_mail(
  p_event_id uuid, p_kind text, p_payload jsonb, p_message_id text
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into notifications.outgoing_mail (event_id, kind, payload, message_id)
  values (p_event_id, p_kind, p_payload, p_message_id)
  on conflict (event_id) do nothing;
  if found then
    perform pg_notify('notifications_mail', '');
  end if;
  return found;
end;
$$;

-- Leases up to p_limit due mails: pending ones whose time has come, and 'sending' ones whose
-- lease ran out (their sender died). Each claim counts an attempt.
create or replace function notifications.claim_mail(p_limit integer, p_lease_ms integer)
returns table (id uuid, event_id uuid, kind text, payload jsonb, message_id text, attempts integer)
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update notifications.outgoing_mail m
     set status = 'sending', attempts = m.attempts + 1,
         lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
   where m.id in (
     select d.id from notifications.outgoing_mail d
      where (d.status = 'pending' and d.next_attempt_at <= clock_timestamp())
         or (d.status = 'sending' and d.lease_until < clock_timestamp())
      order by d.next_attempt_at
      limit p_limit
      for update skip locked)
  returning m.id, m.event_id, m.kind, m.payload, m.message_id, m.attempts;
$$;

-- The SMTP server accepted the mail.
create or replace function notifications.mark_mail_sent(p_id uuid) returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update notifications.outgoing_mail
     set status = 'sent', sent_at = now(), lease_until = null, last_error = null, updated_at = now()
   where id = p_id and status = 'sending';
$$;

-- Nothing to send any more (e.g. the invitation was revoked or resent before its mail left).
create or replace function notifications.mark_mail_skipped(p_id uuid, p_reason text) returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update notifications.outgoing_mail
     set status = 'skipped', lease_until = null, last_error = left(p_reason, 1000), updated_at = now()
   where id = p_id and status = 'sending';
$$;

-- A failed attempt: tried again after p_delay_ms, or 'failed' for good when p_final.
create or replace function notifications.mark_mail_failed(p_id uuid, p_error text, p_delay_ms integer, p_final boolean)
returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  update notifications.outgoing_mail
     set status = case when p_final then 'failed' else 'pending' end,
         next_attempt_at = clock_timestamp() + make_interval(secs => p_delay_ms / 1000.0),
         lease_until = null, last_error = left(p_error, 1000), updated_at = now()
   where id = p_id and status = 'sending';
$$;
