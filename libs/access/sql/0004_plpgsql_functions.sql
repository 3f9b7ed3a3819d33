-- Every membership replica function in plpgsql (it was `language sql`). A SQL function with `set search_path`
-- (db/CONVENTIONS.md) is never inlined, and PostgreSQL before 18 parses and plans its body again at
-- every call: ~80-100 µs per call here, paid by every statement that calls it (get_membership, uuid_v7
-- ...). plpgsql keeps its plans for the session. Bodies and results are unchanged: a set-returning
-- function returns its query, a scalar one the first row of its select (null when none), as before.

create or replace function {{schema}}.get_app_roles()
 returns table (roles jsonb, document_version integer, version_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.roles, r.document_version, r.version_at from {{schema}}.app_roles r;
end;
$function$;

create or replace function {{schema}}.get_membership(p_village_id uuid, p_user_id uuid)
 returns table (village_known boolean, visibility text, village_deleted boolean, village_revision integer, member_known boolean, role text, member_revision integer)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.id is not null, v.visibility, coalesce(v.deleted, false), coalesce(v.revision, 0),
       m.village_id is not null, case when m.removed then null else m.role end,
       coalesce(m.revision, 0)
  from (select p_village_id as village_id, p_user_id as user_id) k
  left join {{schema}}.villages v on v.id = k.village_id
  left join {{schema}}.village_members m on m.village_id = k.village_id and m.user_id = k.user_id;
end;
$function$;

create or replace function {{schema}}.get_replica_bootstrap(p_replica text)
 returns table (started_at timestamp with time zone, completed_at timestamp with time zone, leased_until timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.started_at, r.completed_at, r.leased_until from {{schema}}.replica_bootstraps r where r.replica = p_replica;
end;
$function$;
