-- A page of a conversation's messages (as list_messages) with its village and the membership
-- replica's facts for (that village, the caller), as the reads of 0010/0011: one round trip. No row
-- when the caller takes no part in the conversation (the page is not even read); one with null
-- message columns when the page is empty.
create or replace function messaging.list_messages_with_membership(
  p_conversation_id uuid,
  p_user_id uuid,
  p_limit integer,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null
) returns table (
  conversation_village_id uuid,
  replica_village_known boolean, replica_visibility text, replica_village_deleted boolean, replica_village_revision integer,
  replica_member_known boolean, replica_role text, replica_member_revision integer,
  id uuid, conversation_id uuid, village_id uuid, author_id uuid, body text, attachments uuid[], data jsonb,
  edited_at timestamptz, deleted_at timestamptz, created_at timestamptz, updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select c.village_id,
         m.village_known, m.visibility, m.village_deleted, m.village_revision, m.member_known, m.role,
         m.member_revision,
         x.id, x.conversation_id, x.village_id, x.author_id, x.body, x.attachments, x.data, x.edited_at,
         x.deleted_at, x.created_at, x.updated_at, x.sort_key
    from messaging.conversation_members c
   cross join lateral messaging.get_membership(c.village_id, p_user_id) m
    left join lateral messaging.list_messages(p_conversation_id, p_limit, p_before_created_at,
                                              p_before_id) with ordinality x on true
   where c.conversation_id = p_conversation_id and c.user_id = p_user_id
   order by x.ordinality;
$$;
