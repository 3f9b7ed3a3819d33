-- Metadata documents: the facts an access decision rests on, versioned writes and deletes with
-- optimistic concurrency (compare-and-set on `version`), and clean-up when a village or an
-- account goes. Every write emits identity.metadata.updated in the same transaction.

-- What a decision about a user acting in a village (or on app documents) rests on, in one call:
-- the user's email (null when the account is gone), the village's visibility (null when there is
-- no such village, or no village was asked about), the user's role there (null when not a
-- member), and the app's `app/roles` document (null when the app defines no roles).
create or replace function identity.get_actor_facts(p_user_id uuid, p_village_id uuid default null)
returns table (email text, village_visibility text, role text, app_roles jsonb)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select u.email, v.visibility, m.role, r.value
    from (select 1) as one
    left join identity.users u on u.id = p_user_id and u.status = 'active'
    left join identity.villages v on v.id = p_village_id
    left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id
    left join identity.metadata_documents r on r.scope = 'app' and r.key = 'roles';
$$;

-- The village a stored scope belongs to ('village:<uuid>'), else null.
create or replace function identity.metadata_village_id(p_scope text)
returns uuid
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select case when p_scope like 'village:%' then substr(p_scope, 9)::uuid end;
$$;

-- identity.metadata.updated for a document; user documents are private, so their value stays out.
create or replace function identity.emit_metadata_updated(
  p_doc identity.metadata_documents, p_deleted boolean, p_actor_id uuid
) returns void
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_village_id uuid := identity.metadata_village_id(p_doc.scope);
  v_data jsonb;
begin
  v_data := jsonb_build_object('scope', p_doc.scope, 'key', p_doc.key, 'version', p_doc.version,
                               'deleted', p_deleted, 'villageId', v_village_id);
  if p_doc.scope not like 'user:%' then
    v_data := v_data || jsonb_build_object('value', case when p_deleted then 'null'::jsonb else p_doc.value end);
  end if;
  perform identity.emit_event('identity.metadata.updated', 1, v_village_id, p_actor_id, v_data);
end;
$$;

-- Creates or replaces a document and bumps its version. Without p_if_match it is an upsert; with
-- it, the row is replaced only while its version is still p_if_match (one statement: a concurrent
-- writer holding the row lock makes this one re-check the version after it commits, so of two
-- writers with the same p_if_match exactly one wins). A missing document or another version
-- raises precondition_failed.
create or replace function identity.put_metadata(
  p_scope text,
  p_key text,
  p_value jsonb,
  p_actor_id uuid,
  p_if_match integer default null
) returns setof identity.metadata_documents
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_doc identity.metadata_documents;
begin
  if p_if_match is null then
    insert into identity.metadata_documents as d (scope, key, value, updated_by)
    values (p_scope, p_key, p_value, p_actor_id)
    on conflict (scope, key) do update
       set version = d.version + 1, value = excluded.value, updated_by = excluded.updated_by, updated_at = now()
    returning d.* into v_doc;
  else
    update identity.metadata_documents d
       set version = d.version + 1, value = p_value, updated_by = p_actor_id, updated_at = now()
     where d.scope = p_scope and d.key = p_key and d.version = p_if_match
    returning d.* into v_doc;
    if not found then
      raise exception using errcode = '55000', message = 'precondition_failed',
        detail = 'The document is not at the version given in If-Match';
    end if;
  end if;

  perform identity.emit_metadata_updated(v_doc, false, p_actor_id);
  return next v_doc;
end;
$$;

-- Deletes a document and returns it as it was; no row when there is none. With p_if_match, only
-- while its version is still p_if_match (precondition_failed otherwise, and when it is missing).
create or replace function identity.delete_metadata(
  p_scope text,
  p_key text,
  p_actor_id uuid,
  p_if_match integer default null
) returns setof identity.metadata_documents
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_doc identity.metadata_documents;
begin
  delete from identity.metadata_documents d
   where d.scope = p_scope and d.key = p_key and (p_if_match is null or d.version = p_if_match)
  returning d.* into v_doc;
  if not found then
    if p_if_match is not null then
      raise exception using errcode = '55000', message = 'precondition_failed',
        detail = 'The document is not at the version given in If-Match';
    end if;
    return;
  end if;

  perform identity.emit_metadata_updated(v_doc, true, p_actor_id);
  return next v_doc;
end;
$$;

-- A deleted village's documents go with it (the scope is text, so no foreign key can do this).
create or replace function identity.delete_village_metadata()
returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from identity.metadata_documents d where d.scope = 'village:' || old.id::text;
  return null;
end;
$$;

create trigger villages_delete_metadata
  after delete on identity.villages
  for each row execute function identity.delete_village_metadata();

-- A deleted account's own documents are erased with its profile.
create or replace function identity.delete_user_metadata()
returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  delete from identity.metadata_documents d where d.scope = 'user:' || new.id::text;
  return null;
end;
$$;

create trigger users_delete_metadata
  after update of status on identity.users
  for each row when (new.status = 'deleted' and old.status <> 'deleted')
  execute function identity.delete_user_metadata();
