-- Internal snapshot for files' attachment grants: every live message that carries attachments,
-- with its author and recipients, in keyset pages by id (a partial index keeps the scan to them).
-- Grants have no versions: message.sent and message.deleted only add and take away, and files
-- keeps a tombstone of deleted messages, so a page overlapping the stream is harmless.

create index messages_attachments_id_idx on messaging.messages (id)
  where deleted_at is null and cardinality(attachments) > 0;

create or replace function messaging.snapshot_attachments(p_after uuid, p_limit integer)
returns table (message_id uuid, author_id uuid, recipient_ids uuid[], attachments uuid[])
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select x.id, x.author_id, messaging.conversation_recipients(x.conversation_id, x.author_id), x.attachments
    from messaging.messages x
   where x.deleted_at is null and cardinality(x.attachments) > 0 and (p_after is null or x.id > p_after)
   order by x.id
   limit p_limit;
$$;
