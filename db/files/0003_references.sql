-- What other services make of files: avatars (identity) and message attachments (messaging),
-- and the metadata `files` documents (limits, default permissions). Kept from their events.

-- Grants a message's attached files (those that exist) to its author and recipients.
create or replace function files.grant_message_files(p_message_id uuid, p_file_ids uuid[], p_user_ids uuid[])
returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  insert into files.file_grants (file_id, user_id, message_id)
  select f.id, u.user_id, p_message_id
    from files.files f cross join unnest(p_user_ids) as u(user_id)
   where f.id = any(p_file_ids)
  on conflict do nothing;
$$;

-- A deleted message grants nothing any more.
create or replace function files.revoke_message_files(p_message_id uuid)
returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  delete from files.file_grants where message_id = p_message_id;
$$;

-- The user's avatar (null: none; a file that no longer exists: none).
create or replace function files.set_avatar(p_user_id uuid, p_file_id uuid)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from files.avatars where user_id = p_user_id;
  if p_file_id is not null then
    insert into files.avatars (user_id, file_id)
    select p_user_id, f.id from files.files f where f.id = p_file_id;
  end if;
end;
$$;

-- The `files` documents that apply to a village: the app's and the village's, each with whether
-- it is known (a village's is read through from identity when it is not).
create or replace function files.get_settings(p_village_id uuid)
returns table (app_known boolean, app_value jsonb, village_known boolean, village_value jsonb)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select exists (select 1 from files.settings where scope = 'app'),
         (select s.value from files.settings s where s.scope = 'app'),
         exists (select 1 from files.settings where scope = p_village_id::text),
         (select s.value from files.settings s where s.scope = p_village_id::text);
$$;

-- Stores a `files` document (null: none): an event's (p_version_at) unless a later event's is
-- stored; a read-through's (p_version_at null) only over another read-through's of no newer version.
create or replace function files.store_settings(
  p_scope text, p_value jsonb, p_version integer, p_version_at timestamptz default null
) returns void
language sql volatile
set search_path = pg_catalog, pg_temp
as $$
  insert into files.settings as s (scope, value, version, version_at)
  values (p_scope, p_value, p_version, p_version_at)
  on conflict (scope) do update
     set value = excluded.value, version = excluded.version, version_at = excluded.version_at,
         updated_at = now()
   where case when excluded.version_at is null
              then s.version_at is null and s.version <= excluded.version
              else s.version_at is null or s.version_at <= excluded.version_at end;
$$;
