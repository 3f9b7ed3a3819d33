-- If-Match as RFC 9110 means it: a list of versions (the write happens while the document is at
-- any of them) or `*` (while the document exists, at whatever version). An entity tag that can
-- never match (weak, or not a version) arrives as version 0, which no document has.

drop function identity.put_metadata(text, text, jsonb, uuid, integer);
drop function identity.delete_metadata(text, text, uuid, integer);

-- Creates or replaces a document and bumps its version. Without a condition it is an upsert; with
-- p_if_match (versions) or p_if_exists, the row is replaced only while the condition holds (one
-- statement: a concurrent writer holding the row lock makes this one re-check after it commits, so
-- of two writers with the same condition exactly one wins). Otherwise precondition_failed.
create function identity.put_metadata(
  p_scope text,
  p_key text,
  p_value jsonb,
  p_actor_id uuid,
  p_if_match integer[] default null,
  p_if_exists boolean default false
) returns setof identity.metadata_documents
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_doc identity.metadata_documents;
begin
  if p_if_match is null and not p_if_exists then
    insert into identity.metadata_documents as d (scope, key, value, updated_by)
    values (p_scope, p_key, p_value, p_actor_id)
    on conflict (scope, key) do update
       set version = d.version + 1, value = excluded.value, updated_by = excluded.updated_by, updated_at = now()
    returning d.* into v_doc;
  else
    update identity.metadata_documents d
       set version = d.version + 1, value = p_value, updated_by = p_actor_id, updated_at = now()
     where d.scope = p_scope and d.key = p_key and (p_if_match is null or d.version = any (p_if_match))
    returning d.* into v_doc;
    if not found then
      raise exception using errcode = '55000', message = 'precondition_failed',
        detail = 'The document does not exist or is not at a version given in If-Match';
    end if;
  end if;

  perform identity.emit_metadata_updated(v_doc, false, p_actor_id);
  return next v_doc;
end;
$$;

-- Deletes a document and returns it as it was; no row when there is none. With a condition, only
-- while it holds (precondition_failed otherwise, and when the document is missing).
create function identity.delete_metadata(
  p_scope text,
  p_key text,
  p_actor_id uuid,
  p_if_match integer[] default null,
  p_if_exists boolean default false
) returns setof identity.metadata_documents
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  v_doc identity.metadata_documents;
begin
  delete from identity.metadata_documents d
   where d.scope = p_scope and d.key = p_key and (p_if_match is null or d.version = any (p_if_match))
  returning d.* into v_doc;
  if not found then
    if p_if_match is not null or p_if_exists then
      raise exception using errcode = '55000', message = 'precondition_failed',
        detail = 'The document does not exist or is not at a version given in If-Match';
    end if;
    return;
  end if;

  perform identity.emit_metadata_updated(v_doc, true, p_actor_id);
  return next v_doc;
end;
$$;
