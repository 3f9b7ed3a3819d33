-- Files: a village's file records. The bytes live in S3 under `object_key` (chosen by the
-- service from ids only, never from user input); a record is `pending` from the presigned upload
-- until `complete` checked the object, then `ready`.

create table files.files (
  id uuid primary key default files.uuid_v7(),
  -- Identity's village id. No foreign key: the access replica may learn a village after its files.
  village_id uuid not null,
  -- The uploader: sees the file whatever its permissions, changes them, completes the upload.
  owner_id uuid not null,
  name text not null constraint files_name_check check (char_length(name) between 1 and 255),
  -- `/` or `/a/b/`; byte order ("C") so a subtree is a range of the index.
  folder text collate "C" not null
    constraint files_folder_check check (folder = '/' or (folder like '/%/' and char_length(folder) <= 1024)),
  -- The listing order: names case-insensitively, then id.
  sort_name text collate "C" generated always as (lower(name)) stored,
  content_type text not null constraint files_content_type_check check (char_length(content_type) between 3 and 255),
  size bigint not null constraint files_size_check check (size >= 0),
  -- base64 SHA-256 the uploader declared (checked at complete); null when none was.
  checksum_sha256 text,
  status text not null default 'pending' constraint files_status_check check (status in ('pending', 'ready')),
  visibility text not null default 'visible'
    constraint files_visibility_check check (visibility in ('visible', 'hidden')),
  -- Role names and user ids (as text) that may read / write, besides the owner and files.manage.
  read text[] not null default '{}' constraint files_read_check check (cardinality(read) <= 50),
  write text[] not null default '{}' constraint files_write_check check (cardinality(write) <= 50),
  object_key text not null constraint files_object_key_key unique,
  -- S3's multipart upload id while a multipart upload is pending.
  upload_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  uploaded_at timestamptz,
  constraint files_ready_uploaded_check check ((status = 'ready') = (uploaded_at is not null))
);

-- A folder's page (and a subtree's, as a range of folder): ready files by folder, name, id.
create index files_village_folder_name_idx on files.files (village_id, folder, sort_name, id)
  where status = 'ready';
-- The pending sweep.
create index files_pending_created_idx on files.files (created_at) where status = 'pending';

-- Bytes each village holds, pending uploads included: the quota is checked and reserved with
-- one conditional update of this row, so concurrent uploads cannot overshoot it.
create table files.village_usage (
  village_id uuid primary key,
  bytes bigint not null default 0 constraint village_usage_bytes_check check (bytes >= 0),
  updated_at timestamptz not null default now()
);

-- The download audit: one row per presigned GET handed out.
create table files.downloads (
  id uuid primary key default files.uuid_v7(),
  file_id uuid not null references files.files (id) on delete cascade,
  user_id uuid not null,
  downloaded_at timestamptz not null default now()
);
create index downloads_file_at_idx on files.downloads (file_id, downloaded_at desc, id desc);

-- Objects still to delete from S3: written in the transaction that deletes the record, removed
-- by the cleanup consumer of file.deleted once S3 confirmed; the sweep retries old rows, so a
-- crash (or a dead-lettered event) never leaves an object behind for good.
create table files.object_removals (
  file_id uuid primary key,
  object_key text not null,
  upload_id text,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index object_removals_updated_idx on files.object_removals (updated_at);

-- Who may read a file because it is attached to a message they may read (from messaging's
-- message.sent; dropped with message.deleted and with the file).
create table files.file_grants (
  file_id uuid not null references files.files (id) on delete cascade,
  user_id uuid not null,
  message_id uuid not null,
  created_at timestamptz not null default now(),
  constraint file_grants_pkey primary key (file_id, user_id, message_id)
);
create index file_grants_message_idx on files.file_grants (message_id);

-- Each user's avatar (from identity's user.profile_updated): readable by whoever may read the profile.
create table files.avatars (
  user_id uuid primary key,
  file_id uuid not null references files.files (id) on delete cascade,
  updated_at timestamptz not null default now()
);
create index avatars_file_idx on files.avatars (file_id);

-- Metadata `files` documents: scope 'app' or a village id. `value` null: no document (known absent).
create table files.settings (
  scope text primary key,
  value jsonb,
  -- The document's version (0 when there is none).
  version integer not null,
  -- occurredAt of the identity.metadata.updated event it came from; null for a read-through.
  -- Orders writes (a document's version starts again at 1 after a delete).
  version_at timestamptz,
  updated_at timestamptz not null default now()
);
