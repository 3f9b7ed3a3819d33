-- Directory contacts: a village's entries for people and places that are not (or not only)
-- users — a doctor, a school, a plumber. A contact may be linked to a member; the link is cleared
-- when that membership ends or the account is deleted, and the contact (id, notes, history) stays.

create table identity.contacts (
  id uuid primary key default identity.uuid_v7(),
  village_id uuid not null references identity.villages (id) on delete cascade,
  name text not null constraint contacts_name_check check (char_length(name) between 1 and 200),
  kind text not null constraint contacts_kind_check check (char_length(kind) between 1 and 50),
  -- { phone, email, address, website }, validated by the contract.
  info jsonb not null default '{}' constraint contacts_info_object check (jsonb_typeof(info) = 'object'),
  notes text not null default '' constraint contacts_notes_check check (char_length(notes) <= 4000),
  -- The member this contact is; kept only while they are a member (see the triggers below).
  user_id uuid references identity.users (id) on delete set null,
  created_by uuid references identity.users (id) on delete set null,
  data jsonb not null default '{}'
    constraint contacts_data_object check (jsonb_typeof(data) = 'object' and octet_length(data::text) <= 131072),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- The village's list, newest first, keyset on (created_at, id).
create index contacts_village_created_at_id_idx on identity.contacts (village_id, created_at, id);
-- The name search (substring, case-insensitive; pg_trgm comes with 0009).
create index contacts_name_trgm_idx on identity.contacts using gin (lower(name) public.gin_trgm_ops);
-- The list filtered by kind (case-insensitive).
create index contacts_village_kind_created_at_id_idx on identity.contacts (village_id, lower(kind), created_at, id);
-- Links to clear when a membership ends or an account is deleted.
create index contacts_user_village_idx on identity.contacts (user_id, village_id) where user_id is not null;

-- The row every contact function returns.
create or replace function identity.contact_result(p_contact identity.contacts)
returns table (
  id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb,
  created_by uuid, created_at timestamptz, updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select p_contact.id, p_contact.village_id, p_contact.name, p_contact.kind, p_contact.info, p_contact.notes,
         p_contact.user_id, p_contact.data, p_contact.created_by, p_contact.created_at, p_contact.updated_at,
         -- Microsecond precision, so a cursor built from it skips and repeats nothing.
         to_char(p_contact.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
$$;

-- The payload fields every contact event carries.
create or replace function identity.contact_event_fields(p_contact identity.contacts)
returns jsonb
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select jsonb_build_object('contactId', p_contact.id, 'villageId', p_contact.village_id,
                            'name', p_contact.name, 'kind', p_contact.kind, 'info', p_contact.info,
                            'notes', p_contact.notes, 'userId', p_contact.user_id, 'data', p_contact.data);
$$;

-- A contact can only be linked to a member of its village; locks the membership so it cannot end
-- before the link commits (its end then clears the link).
create or replace function identity.assert_contact_link(p_village_id uuid, p_user_id uuid)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform 1 from identity.memberships m
   where m.village_id = p_village_id and m.user_id = p_user_id
     for share;
  if not found then
    raise exception using errcode = '23503', message = 'invalid',
      detail = 'userId: a contact can only be linked to a member of its village';
  end if;
end;
$$;

-- One page of a village's contacts, newest first, before the (created_at, id) cursor when given;
-- p_kind filters case-insensitively, p_q searches the name (substring, case-insensitive).
create or replace function identity.list_contacts(
  p_village_id uuid,
  p_limit integer,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null,
  p_kind text default null,
  p_q text default null
) returns table (
  id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb,
  created_by uuid, created_at timestamptz, updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*
    from identity.contacts c
   cross join lateral identity.contact_result(c) r
   where c.village_id = p_village_id
     and (p_kind is null or lower(c.kind) = lower(p_kind))
     and (p_q is null or lower(c.name) like identity.contains_pattern(p_q))
     and (p_before_created_at is null or (c.created_at, c.id) < (p_before_created_at, p_before_id))
   order by c.created_at desc, c.id desc
   limit p_limit;
$$;

-- One contact of a village; no row when there is none (or it belongs to another village).
create or replace function identity.get_contact(p_village_id uuid, p_contact_id uuid)
returns table (
  id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb,
  created_by uuid, created_at timestamptz, updated_at timestamptz, sort_key text
)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select r.*
    from identity.contacts c
   cross join lateral identity.contact_result(c) r
   where c.id = p_contact_id and c.village_id = p_village_id;
$$;

-- A new contact, with contact.created (and contact.linked when it is linked to a member).
create or replace function identity.create_contact(
  p_village_id uuid,
  p_actor_id uuid,
  p_name text,
  p_kind text,
  p_info jsonb default '{}',
  p_notes text default '',
  p_user_id uuid default null,
  p_data jsonb default '{}'
) returns table (
  id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb,
  created_by uuid, created_at timestamptz, updated_at timestamptz, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_contact identity.contacts;
begin
  if p_user_id is not null then
    perform identity.assert_contact_link(p_village_id, p_user_id);
  end if;

  insert into identity.contacts as c (village_id, name, kind, info, notes, user_id, created_by, data)
  values (p_village_id, p_name, p_kind, coalesce(p_info, '{}'), coalesce(p_notes, ''), p_user_id, p_actor_id,
          coalesce(p_data, '{}'))
  returning c.* into v_contact;

  perform identity.emit_event('identity.contact.created', 1, p_village_id, p_actor_id,
    identity.contact_event_fields(v_contact));
  if v_contact.user_id is not null then
    perform identity.emit_event('identity.contact.linked', 1, p_village_id, p_actor_id,
      jsonb_build_object('contactId', v_contact.id, 'villageId', p_village_id, 'userId', v_contact.user_id));
  end if;

  return query select * from identity.contact_result(v_contact);
end;
$$;

-- Changes the fields given (a null argument leaves its field alone; p_unlink clears the link).
-- When something changed, contact.updated names the fields, and contact.linked follows a new
-- link. No row when the contact is not in the village.
create or replace function identity.update_contact(
  p_village_id uuid,
  p_contact_id uuid,
  p_actor_id uuid,
  p_name text default null,
  p_kind text default null,
  p_info jsonb default null,
  p_notes text default null,
  p_user_id uuid default null,
  p_unlink boolean default false,
  p_data jsonb default null
) returns table (
  id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb,
  created_by uuid, created_at timestamptz, updated_at timestamptz, sort_key text
)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_old identity.contacts;
  v_new identity.contacts;
  v_changed text[] := '{}';
begin
  select c.* into v_old
    from identity.contacts c
   where c.id = p_contact_id and c.village_id = p_village_id
     for update of c;
  if not found then
    return;
  end if;

  v_new := v_old;
  v_new.name := coalesce(p_name, v_old.name);
  v_new.kind := coalesce(p_kind, v_old.kind);
  v_new.info := coalesce(p_info, v_old.info);
  v_new.notes := coalesce(p_notes, v_old.notes);
  v_new.user_id := case when p_unlink then null else coalesce(p_user_id, v_old.user_id) end;
  v_new.data := coalesce(p_data, v_old.data);

  if v_new.name is distinct from v_old.name then v_changed := array_append(v_changed, 'name'); end if;
  if v_new.kind is distinct from v_old.kind then v_changed := array_append(v_changed, 'kind'); end if;
  if v_new.info is distinct from v_old.info then v_changed := array_append(v_changed, 'info'); end if;
  if v_new.notes is distinct from v_old.notes then v_changed := array_append(v_changed, 'notes'); end if;
  if v_new.user_id is distinct from v_old.user_id then v_changed := array_append(v_changed, 'userId'); end if;
  if v_new.data is distinct from v_old.data then v_changed := array_append(v_changed, 'data'); end if;

  if cardinality(v_changed) = 0 then
    return query select * from identity.contact_result(v_old);
    return;
  end if;

  if v_new.user_id is not null and v_new.user_id is distinct from v_old.user_id then
    perform identity.assert_contact_link(p_village_id, v_new.user_id);
  end if;

  update identity.contacts c
     set name = v_new.name, kind = v_new.kind, info = v_new.info, notes = v_new.notes,
         user_id = v_new.user_id, data = v_new.data, updated_at = now()
   where c.id = p_contact_id
  returning c.* into v_new;

  perform identity.emit_event('identity.contact.updated', 1, p_village_id, p_actor_id,
    identity.contact_event_fields(v_new) || jsonb_build_object('changed', to_jsonb(v_changed)));
  if v_new.user_id is not null and v_new.user_id is distinct from v_old.user_id then
    perform identity.emit_event('identity.contact.linked', 1, p_village_id, p_actor_id,
      jsonb_build_object('contactId', v_new.id, 'villageId', p_village_id, 'userId', v_new.user_id));
  end if;

  return query select * from identity.contact_result(v_new);
end;
$$;

-- Removes a contact with contact.deleted; no row when it is not in the village.
create or replace function identity.delete_contact(p_village_id uuid, p_contact_id uuid, p_actor_id uuid)
returns table (contact_id uuid)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_id uuid;
begin
  delete from identity.contacts c
   where c.id = p_contact_id and c.village_id = p_village_id
  returning c.id into v_id;
  if not found then
    return;
  end if;
  perform identity.emit_event('identity.contact.deleted', 1, p_village_id, p_actor_id,
    jsonb_build_object('contactId', v_id, 'villageId', p_village_id));
  return query select v_id;
end;
$$;

-- Clears the links of a user's contacts in one village (every village when p_village_id is
-- null), each with contact.updated naming `userId`. Contacts of a village being deleted are left
-- to its cascade.
create or replace function identity.unlink_contacts(p_user_id uuid, p_village_id uuid default null)
returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_contact identity.contacts;
begin
  for v_contact in
    update identity.contacts c
       set user_id = null, updated_at = now()
     where c.user_id = p_user_id
       and (p_village_id is null or c.village_id = p_village_id)
       and exists (select 1 from identity.villages v where v.id = c.village_id)
    returning c.*
  loop
    perform identity.emit_event('identity.contact.updated', 1, v_contact.village_id, null,
      identity.contact_event_fields(v_contact) || jsonb_build_object('changed', jsonb_build_array('userId')));
  end loop;
end;
$$;

-- A membership that ends (left, removed, village or account deleted) takes its contact links with it.
create or replace function identity.unlink_contacts_of_ended_membership()
returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform identity.unlink_contacts(old.user_id, old.village_id);
  return null;
end;
$$;

create trigger memberships_unlink_contacts
  after delete on identity.memberships
  for each row execute function identity.unlink_contacts_of_ended_membership();

-- So does a deleted account, whether or not its memberships are removed first.
create or replace function identity.unlink_contacts_of_deleted_user()
returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform identity.unlink_contacts(new.id, null);
  return null;
end;
$$;

create trigger users_unlink_contacts
  after update of status on identity.users
  for each row when (new.status = 'deleted' and old.status <> 'deleted')
  execute function identity.unlink_contacts_of_deleted_user();
