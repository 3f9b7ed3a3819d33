-- Wakes the senders when work is queued: a statement-level trigger on each queue table sends one
-- NOTIFY per inserting statement (delivered at commit, none for a rollback) on the queue's channel.
-- The senders LISTEN there (libs/platform's LeasedQueueWorker) and still poll, for a notification
-- sent while their listening session was down and for retries that come due later.

create or replace function notifications.notify_queue() returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform pg_notify(tg_argv[0], '');
  return null;
end;
$$;

create trigger outgoing_mail_notify after insert on notifications.outgoing_mail
  for each statement execute function notifications.notify_queue('notifications_mail');

create trigger push_deliveries_notify after insert on notifications.push_deliveries
  for each statement execute function notifications.notify_queue('notifications_push');

create trigger webhook_deliveries_notify after insert on notifications.webhook_deliveries
  for each statement execute function notifications.notify_queue('notifications_webhooks');
