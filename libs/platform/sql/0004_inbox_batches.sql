-- Consumers apply events in batches (one claim for many events) and purge their own inbox rows once
-- the events can no longer be redelivered (older than their stream's retention).

-- The events of `p_event_ids` this consumer had not recorded yet, now recorded; one round trip per batch.
create or replace function {{schema}}.claim_inbox_batch(p_consumer text, p_event_ids uuid[]) returns setof uuid
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  insert into {{schema}}.inbox (consumer, event_id)
  select p_consumer, e.id from unnest(p_event_ids) as e(id)
  on conflict do nothing
  returning event_id;
$$;

-- Purged per consumer (each knows its own stream's retention), so the index leads with it.
drop index {{schema}}.inbox_processed_at_idx;
create index inbox_consumer_processed_at_idx on {{schema}}.inbox (consumer, processed_at);

-- Had no caller; replaced by a per-consumer purge in bounded steps.
drop function {{schema}}.purge_inbox(timestamptz);

-- Deletes at most `p_limit` of the consumer's rows processed before `p_processed_before`; returns how many.
create or replace function {{schema}}.purge_inbox(
  p_consumer text, p_processed_before timestamptz, p_limit integer
) returns integer
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  with doomed as (
    select i.event_id from {{schema}}.inbox i
     where i.consumer = p_consumer and i.processed_at < p_processed_before
     limit p_limit
       for update skip locked),
  gone as (
    delete from {{schema}}.inbox i using doomed d
     where i.consumer = p_consumer and i.event_id = d.event_id
    returning 1)
  select count(*)::integer from gone;
$$;
