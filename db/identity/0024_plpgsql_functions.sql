-- Every identity function in plpgsql (it was `language sql`). A SQL function with `set search_path`
-- (db/CONVENTIONS.md) is never inlined, and PostgreSQL before 18 parses and plans its body again at
-- every call: ~80-100 µs per call here, paid by every statement that calls it (get_membership, uuid_v7
-- ...). plpgsql keeps its plans for the session. Bodies and results are unchanged: a set-returning
-- function returns its query, a scalar one the first row of its select (null when none), as before.

create or replace function identity.contact_event_fields(p_contact identity.contacts)
 returns jsonb
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return jsonb_build_object('contactId', p_contact.id, 'villageId', p_contact.village_id,
  'name', p_contact.name, 'kind', p_contact.kind, 'info', p_contact.info,
  'notes', p_contact.notes, 'userId', p_contact.user_id, 'data', p_contact.data);
end;
$function$;

create or replace function identity.contact_result(p_contact identity.contacts)
 returns table (id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb, created_by uuid, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select p_contact.id, p_contact.village_id, p_contact.name, p_contact.kind, p_contact.info, p_contact.notes,
  p_contact.user_id, p_contact.data, p_contact.created_by, p_contact.created_at, p_contact.updated_at,
  -- Microsecond precision, so a cursor built from it skips and repeats nothing.
  to_char(p_contact.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
end;
$function$;

create or replace function identity.contains_pattern(p_q text)
 returns text
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return case when p_q is null then null
  else '%' || replace(replace(replace(lower(p_q), '\', '\\'), '%', '\%'), '_', '\_') || '%' end;
end;
$function$;

create or replace function identity.find_login(p_email text, p_account_key text, p_pair_key text, p_ip_key text DEFAULT NULL::text)
 returns table (user_id uuid, password_hash text, account_failures integer, account_window_ends_at timestamp with time zone, account_last_failure_at timestamp with time zone, pair_failures integer, pair_window_ends_at timestamp with time zone, pair_last_failure_at timestamp with time zone, ip_failures integer, ip_window_ends_at timestamp with time zone, ip_last_failure_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select u.id, c.password_hash,
       coalesce(a.failures, 0), a.window_ends_at, a.last_failure_at,
       coalesce(p.failures, 0), p.window_ends_at, p.last_failure_at,
       coalesce(i.failures, 0), i.window_ends_at, i.last_failure_at
  from (select 1) as one
  left join identity.users u on u.email = p_email and u.status = 'active'
  left join identity.credentials c on c.user_id = u.id
  left join identity.login_throttles a on a.key = p_account_key and a.window_ends_at > now()
  left join identity.login_throttles p on p.key = p_pair_key and p.window_ends_at > now()
  left join identity.login_throttles i on i.key = p_ip_key and i.window_ends_at > now();
end;
$function$;

create or replace function identity.find_non_members(p_village_id uuid, p_user_ids uuid[])
 returns table (user_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select ids.id
   from unnest(p_user_ids) with ordinality as ids (id, position)
  where not exists (select 1 from identity.memberships m
                     where m.village_id = p_village_id and m.user_id = ids.id)
  group by ids.id
  order by min(ids.position);
end;
$function$;

create or replace function identity.get_contact(p_village_id uuid, p_contact_id uuid)
 returns table (id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb, created_by uuid, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.*
   from identity.contacts c
  cross join lateral identity.contact_result(c) r
  where c.id = p_contact_id and c.village_id = p_village_id;
end;
$function$;

create or replace function identity.get_invitation_authority(p_token_hash bytea, p_invitation_id uuid, p_user_id uuid)
 returns table (invitation_id uuid, village_id uuid, role text, to_account boolean, invited_by uuid, inviter_role text, app_roles jsonb)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select i.id, i.village_id, i.role, i.invitee_user_id is not null, i.invited_by, m.role, r.value
   from identity.invitations i
   left join identity.users u on u.id = p_user_id and u.status = 'active'
   left join identity.memberships m on m.village_id = i.village_id and m.user_id = i.invited_by
   left join identity.metadata_documents r on r.scope = 'app' and r.key = 'roles'
  where (p_token_hash is not null
         and i.id = (select t.invitation_id from identity.invitation_tokens t where t.token_hash = p_token_hash))
     or (p_token_hash is null and i.id = p_invitation_id
         and (i.invitee_user_id = p_user_id or i.email = u.email));
end;
$function$;

create or replace function identity.get_invitation_mail(p_invitation_id uuid, p_token_version integer)
 returns table (invitation_id uuid, village_id uuid, village_name text, email text, role text, message text, status text, expires_at timestamp with time zone, inviter_name text, token_version integer, token_status text, token_salt bytea)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.id, r.village_id, r.village_name, coalesce(r.email, a.email), r.role, r.message, r.status,
        r.expires_at, u.display_name, t.version, t.status, t.token_salt
   from identity.invitation_result(p_invitation_id) r
   join identity.invitation_tokens t on t.invitation_id = r.id and t.version = p_token_version
   left join identity.users a on a.id = r.invitee_user_id and a.status = 'active'
   left join identity.users u on u.id = r.invited_by and u.status = 'active'
  where coalesce(r.email, a.email) is not null;
end;
$function$;

create or replace function identity.get_membership(p_village_id uuid, p_user_id uuid)
 returns table (village_id uuid, visibility text, role text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.id, v.visibility, m.role
  from (select 1) as one
  left join identity.villages v on v.id = p_village_id
  left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id;
end;
$function$;

create or replace function identity.get_metadata(p_scope text, p_key text)
 returns setof identity.metadata_documents
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select * from identity.metadata_documents where scope = p_scope and key = p_key;
end;
$function$;

create or replace function identity.get_own_profile(p_user_id uuid, p_session_id uuid)
 returns table (id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
        u.preferences, u.sharing, u.data, u.created_at, u.updated_at
   from identity.users u
   join identity.sessions s on s.user_id = u.id and s.id = p_session_id and s.status = 'active'
  where u.id = p_user_id and u.status = 'active';
end;
$function$;

create or replace function identity.get_user(p_user_id uuid)
 returns table (id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
        u.preferences, u.sharing, u.data, u.created_at, u.updated_at
   from identity.users u
  where u.id = p_user_id and u.status = 'active';
end;
$function$;

create or replace function identity.get_viewer_relation(p_viewer_id uuid, p_user_id uuid)
 returns table (relation text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select case
    when p_viewer_id = p_user_id then 'self'
    when exists (select 1
                   from identity.memberships a
                   join identity.memberships b on b.village_id = a.village_id and b.user_id = p_user_id
                  where a.user_id = p_viewer_id) then 'villager'
    else 'other'
  end;
end;
$function$;

create or replace function identity.get_village(p_village_id uuid, p_user_id uuid)
 returns table (id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select * from identity.village_result(p_village_id, p_user_id);
end;
$function$;

create or replace function identity.get_village_access(p_actor_id uuid, p_village_id uuid DEFAULT NULL::uuid, p_user_id uuid DEFAULT NULL::uuid)
 returns table (village_id uuid, visibility text, fixed_key text, actor_role text, user_role text, actor_email text, app_roles jsonb, app_members jsonb)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.id, v.visibility, v.fixed_key, a.role, t.role, u.email, r.value, s.value
  from (select 1) as one
  left join identity.villages v on v.id = p_village_id
  left join identity.memberships a on a.village_id = v.id and a.user_id = p_actor_id
  left join identity.memberships t on t.village_id = v.id and t.user_id = p_user_id
  left join identity.users u on u.id = p_actor_id and u.status = 'active'
  left join identity.metadata_documents r on r.scope = 'app' and r.key = 'roles'
  left join identity.metadata_documents s on s.scope = 'app' and s.key = 'members';
end;
$function$;

create or replace function identity.invitation_event_data(p_invitation identity.invitations)
 returns jsonb
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return jsonb_build_object(
  'invitationId', p_invitation.id, 'villageId', p_invitation.village_id, 'email', p_invitation.email,
  'role', p_invitation.role, 'invitedBy', p_invitation.invited_by, 'maxUses', p_invitation.max_uses,
  'expiresAt', to_char(p_invitation.expires_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'tokenVersion', p_invitation.token_version,
  'inviteeUserId', coalesce(p_invitation.invitee_user_id,
                            (select u.id from identity.users u
                              where u.email = p_invitation.email and u.status = 'active')));
end;
$function$;

create or replace function identity.invitation_result(p_invitation_id uuid)
 returns table (id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select i.id, i.village_id, v.name, i.email, i.invitee_user_id, i.role, i.message, i.max_uses, i.uses,
        case when i.status = 'pending' and i.expires_at <= now() then 'expired' else i.status end,
        i.invited_by, i.token_version, i.expires_at, i.data, i.created_at, i.updated_at
   from identity.invitations i
   join identity.villages v on v.id = i.village_id
  where i.id = p_invitation_id;
end;
$function$;

create or replace function identity.is_last_owner(p_village_id uuid, p_user_id uuid)
 returns boolean
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return exists (select 1 from identity.memberships m
               where m.village_id = p_village_id and m.user_id = p_user_id and m.role = 'owner')
  and not exists (select 1 from identity.memberships m
                   where m.village_id = p_village_id and m.user_id <> p_user_id and m.role = 'owner');
end;
$function$;

create or replace function identity.list_contacts(p_village_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_kind text DEFAULT NULL::text, p_q text DEFAULT NULL::text)
 returns table (id uuid, village_id uuid, name text, kind text, info jsonb, notes text, user_id uuid, data jsonb, created_by uuid, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.*
   from identity.contacts c
  cross join lateral identity.contact_result(c) r
  where c.village_id = p_village_id
    and (p_kind is null or lower(c.kind) = lower(p_kind))
    and (p_q is null or lower(c.name) like identity.contains_pattern(p_q))
    and (p_before_created_at is null or (c.created_at, c.id) < (p_before_created_at, p_before_id))
  order by c.created_at desc, c.id desc
  limit p_limit;
end;
$function$;

create or replace function identity.list_invitations(p_village_id uuid, p_status text DEFAULT NULL::text, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50)
 returns table (id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, page_at text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select r.*, i.created_at::text
   from identity.invitations i
   cross join lateral identity.invitation_result(i.id) r
  where i.village_id = p_village_id
    and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
    and (p_status is null or r.status = p_status)
  order by i.created_at desc, i.id desc
  limit p_limit;
end;
$function$;

create or replace function identity.list_member_village_ids(p_user_id uuid)
 returns table (village_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select m.village_id from identity.memberships m where m.user_id = p_user_id;
end;
$function$;

create or replace function identity.list_members(p_village_id uuid, p_limit integer, p_q text DEFAULT NULL::text, p_role text DEFAULT NULL::text, p_after_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_after_id uuid DEFAULT NULL::uuid)
 returns table (role text, joined_at timestamp with time zone, cursor_at text, id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select m.role, m.created_at, m.created_at::text,
        u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
        '{}'::jsonb, u.sharing, u.data, u.created_at, u.updated_at
   from identity.memberships m
   join identity.users u on u.id = m.user_id and u.status = 'active'
  where m.village_id = p_village_id
    and (p_role is null or m.role = p_role)
    and (p_after_at is null or (m.created_at, m.user_id) > (p_after_at, p_after_id))
    and (p_q is null or lower(u.display_name) like identity.contains_pattern(p_q))
  order by m.created_at, m.user_id
  limit p_limit;
end;
$function$;

create or replace function identity.list_my_invitations(p_user_id uuid, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid, p_limit integer DEFAULT 50)
 returns table (id uuid, village_id uuid, village_name text, email text, invitee_user_id uuid, role text, message text, max_uses integer, uses integer, status text, invited_by uuid, token_version integer, expires_at timestamp with time zone, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, page_at text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  with me as (
    select u.id, u.email from identity.users u where u.id = p_user_id and u.status = 'active'
  ), mine as (
    (select i.id, i.created_at
       from me join identity.invitations i on i.email = me.email
      where i.status = 'pending' and i.expires_at > now()
        and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
      order by i.created_at desc, i.id desc
      limit p_limit)
    union all
    (select i.id, i.created_at
       from me join identity.invitations i on i.invitee_user_id = me.id
      where i.status = 'pending' and i.expires_at > now()
        and (p_before_created_at is null or (i.created_at, i.id) < (p_before_created_at, p_before_id))
      order by i.created_at desc, i.id desc
      limit p_limit)
  )
  select r.*, mine.created_at::text
    from mine
    cross join lateral identity.invitation_result(mine.id) r
   order by mine.created_at desc, mine.id desc
   limit p_limit;
end;
$function$;

create or replace function identity.list_my_villages(p_user_id uuid, p_limit integer, p_q text DEFAULT NULL::text, p_before_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, cursor_at text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.id, v.name, v.description, v.visibility, v.fixed_key, v.member_count,
        m.role, v.data, v.created_at, v.updated_at, m.created_at::text
   from identity.memberships m
   join identity.villages v on v.id = m.village_id
  where m.user_id = p_user_id
    and (p_before_at is null or (m.created_at, m.village_id) < (p_before_at, p_before_id))
    and (p_q is null or lower(v.name) like identity.contains_pattern(p_q))
  order by m.created_at desc, m.village_id desc
  limit p_limit;
end;
$function$;

create or replace function identity.list_public_villages(p_user_id uuid, p_limit integer, p_q text DEFAULT NULL::text, p_before_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, cursor_at text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.id, v.name, v.description, v.visibility, v.fixed_key, v.member_count,
        m.role, v.data, v.created_at, v.updated_at, v.created_at::text
   from identity.villages v
   left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id
  where v.visibility = 'public'
    and (p_before_at is null or (v.created_at, v.id) < (p_before_at, p_before_id))
    and (p_q is null or lower(v.name) like identity.contains_pattern(p_q))
  order by v.created_at desc, v.id desc
  limit p_limit;
end;
$function$;

create or replace function identity.list_verification_keys()
 returns table (kid text, alg text, public_jwk jsonb, not_after timestamp with time zone, expires_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select k.kid, k.alg, k.public_jwk, k.not_after, k.expires_at
   from identity.signing_keys k
  where k.expires_at > now()
  order by k.created_at desc, k.id desc;
end;
$function$;

create or replace function identity.metadata_village_id(p_scope text)
 returns uuid
 language plpgsql
 immutable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return case when p_scope like 'village:%' then substr(p_scope, 9)::uuid end;
end;
$function$;

create or replace function identity.session_result(p_outcome text, p_session_id uuid, p_user_id uuid)
 returns table (outcome text, session_id uuid, id uuid, email text, display_name text, avatar_file_id uuid, contact jsonb, emergency jsonb, preferences jsonb, sharing jsonb, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select p_outcome, p_session_id,
       u.id, u.email, u.display_name, u.avatar_file_id, u.contact, u.emergency,
       u.preferences, u.sharing, u.data, u.created_at, u.updated_at
  from (select 1) as one
  left join identity.users u on u.id = p_user_id;
end;
$function$;

create or replace function identity.snapshot_app_roles()
 returns table (roles jsonb, document_version integer, version_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select d.value, d.version, date_trunc('milliseconds', d.updated_at)
   from identity.metadata_documents d
  where d.scope = 'app' and d.key = 'roles';
end;
$function$;

create or replace function identity.snapshot_avatars(p_after uuid, p_limit integer)
 returns table (user_id uuid, avatar_file_id uuid, version_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select u.id, u.avatar_file_id, date_trunc('milliseconds', u.updated_at)
   from identity.users u
  where u.avatar_file_id is not null and u.status = 'active' and (p_after is null or u.id > p_after)
  order by u.id
  limit p_limit;
end;
$function$;

create or replace function identity.snapshot_memberships(p_after_village_id uuid, p_after_user_id uuid, p_limit integer)
 returns table (village_id uuid, user_id uuid, role text, version_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select m.village_id, m.user_id, m.role, date_trunc('milliseconds', m.updated_at)
   from identity.memberships m
  where p_after_village_id is null or (m.village_id, m.user_id) > (p_after_village_id, p_after_user_id)
  order by m.village_id, m.user_id
  limit p_limit;
end;
$function$;

create or replace function identity.snapshot_villages(p_after uuid, p_limit integer)
 returns table (village_id uuid, visibility text, version_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.id, v.visibility, date_trunc('milliseconds', v.updated_at)
   from identity.villages v
  where p_after is null or v.id > p_after
  order by v.id
  limit p_limit;
end;
$function$;

create or replace function identity.village_result(p_village_id uuid, p_user_id uuid)
 returns table (id uuid, name text, description text, visibility text, fixed_key text, member_count integer, my_role text, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.id, v.name, v.description, v.visibility, v.fixed_key, v.member_count,
        m.role, v.data, v.created_at, v.updated_at
   from identity.villages v
   left join identity.memberships m on m.village_id = v.id and m.user_id = p_user_id
  where v.id = p_village_id;
end;
$function$;
