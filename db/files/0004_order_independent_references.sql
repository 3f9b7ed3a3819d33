-- What files keeps from other services' events gives the same result whatever order the events
-- arrive in (a redelivery after a failure, or two consumers, can reverse any pair):
-- - attachments: a deleted message leaves a tombstone, so a late message.sent grants nothing;
-- - avatars: each user's row remembers the occurredAt of the last profile event applied (an
--   older one is ignored) and user.deleted is final; "no avatar" is a row with no file;
-- - settings: a deleted village's `files` document becomes a tombstone no event overwrites.
-- Tombstones are needed only while an older event can still arrive: purge_reference_tombstones
-- drops them once they are older than the event stream's retention.

create table files.deleted_messages (
  message_id uuid primary key,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index deleted_messages_updated_at_idx on files.deleted_messages (updated_at);

-- message.sent: grants the attachments unless the message is known deleted.
create or replace function files.apply_message_sent(p_message_id uuid, p_file_ids uuid[], p_user_ids uuid[])
returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if exists (select 1 from files.deleted_messages d where d.message_id = p_message_id) then
    return false;
  end if;
  perform files.grant_message_files(p_message_id, p_file_ids, p_user_ids);
  return true;
end;
$$;

-- message.deleted: the grants go and a tombstone stays.
create or replace function files.apply_message_deleted(p_message_id uuid)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into files.deleted_messages (message_id) values (p_message_id) on conflict do nothing;
  perform files.revoke_message_files(p_message_id);
end;
$$;

-- A row per user once an event named them: file_id null is "no avatar" (or the file is gone).
alter table files.avatars
  alter column file_id drop not null,
  add column version_at timestamptz,
  add column user_deleted boolean not null default false,
  drop constraint avatars_file_id_fkey,
  add constraint avatars_file_id_fkey foreign key (file_id) references files.files (id) on delete set null;
create index avatars_cleared_updated_at_idx on files.avatars (updated_at) where file_id is null;

drop function files.set_avatar(uuid, uuid);

-- user.profile_updated (p_file_id null: no avatar; a file that no longer exists: none) and
-- user.deleted (p_user_deleted). True when applied, false when the row holds a newer event or
-- the user is deleted.
create or replace function files.apply_avatar_event(
  p_user_id uuid, p_file_id uuid, p_user_deleted boolean, p_occurred_at timestamptz
) returns boolean
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  insert into files.avatars as a (user_id, file_id, version_at, user_deleted)
  values (p_user_id, (select f.id from files.files f where f.id = p_file_id and not p_user_deleted),
          p_occurred_at, p_user_deleted)
  on conflict (user_id) do update
     set file_id = excluded.file_id, version_at = excluded.version_at,
         user_deleted = excluded.user_deleted, updated_at = now()
   where not a.user_deleted and (a.version_at is null or excluded.version_at >= a.version_at);
  return found;
end;
$$;

-- village.deleted: the village's files go (delete_village_files), the membership replica learns
-- the deletion in the same transaction (so no upload slips in before its own consumer catches
-- up), and the village's `files` document becomes a tombstone: version_at 'infinity' is newer
-- than any event and not a read-through's null, so store_settings never overwrites it.
create or replace function files.apply_village_deleted(p_village_id uuid, p_occurred_at timestamptz, p_event_id uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer;
begin
  perform files.apply_village_event(p_village_id, null, true, p_occurred_at, p_event_id);
  v_count := files.delete_village_files(p_village_id);
  insert into files.settings as s (scope, value, version, version_at)
  values (p_village_id::text, null, 0, 'infinity')
  on conflict (scope) do update set value = null, version = 0, version_at = 'infinity', updated_at = now();
  return v_count;
end;
$$;

create index settings_tombstone_updated_at_idx on files.settings (updated_at) where version_at = 'infinity';

-- Drops the tombstones older than p_before (the stream's retention and a margin): no event they
-- guard against can still arrive.
create or replace function files.purge_reference_tombstones(p_before timestamptz) returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_count integer;
  v_total integer;
begin
  delete from files.deleted_messages d where d.updated_at < p_before;
  get diagnostics v_total = row_count;
  delete from files.avatars a where a.file_id is null and a.updated_at < p_before;
  get diagnostics v_count = row_count;
  v_total := v_total + v_count;
  delete from files.settings s where s.version_at = 'infinity' and s.updated_at < p_before;
  get diagnostics v_count = row_count;
  return v_total + v_count;
end;
$$;
