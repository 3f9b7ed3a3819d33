-- Every notifications function in plpgsql (it was `language sql`). A SQL function with `set search_path`
-- (db/CONVENTIONS.md) is never inlined, and PostgreSQL before 18 parses and plans its body again at
-- every call: ~80-100 µs per call here, paid by every statement that calls it (get_membership, uuid_v7
-- ...). plpgsql keeps its plans for the session. Bodies and results are unchanged: a set-returning
-- function returns its query, a scalar one the first row of its select (null when none), as before.

create or replace function notifications.claim_mail(p_limit integer, p_lease_ms integer)
 returns table (id uuid, event_id uuid, kind text, payload jsonb, message_id text, attempts integer)
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  update notifications.outgoing_mail m
     set status = 'sending', attempts = m.attempts + 1,
         lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
   where m.id in (
     select d.id from notifications.outgoing_mail d
      where (d.status = 'pending' and d.next_attempt_at <= clock_timestamp())
         or (d.status = 'sending' and d.lease_until < clock_timestamp())
      order by d.next_attempt_at
      limit p_limit
      for update skip locked)
  returning m.id, m.event_id, m.kind, m.payload, m.message_id, m.attempts;
end;
$function$;

create or replace function notifications.claim_push_deliveries(p_limit integer, p_lease_ms integer)
 returns table (id uuid, notification_id uuid, subscription_id uuid, endpoint text, p256dh text, auth text, kind text, village_id uuid, attempts integer)
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  with claimed as (
    update notifications.push_deliveries d
       set status = 'sending', attempts = d.attempts + 1,
           lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0), updated_at = now()
     where d.id in (
       select q.id from notifications.push_deliveries q
        where (q.status = 'pending' and q.next_attempt_at <= clock_timestamp())
           or (q.status = 'sending' and q.lease_until < clock_timestamp())
        order by q.next_attempt_at
        limit p_limit
        for update skip locked)
    returning d.id, d.notification_id, d.subscription_id, d.attempts)
  select c.id, c.notification_id, c.subscription_id, s.endpoint, s.p256dh, s.auth, n.kind, n.village_id,
         c.attempts
    from claimed c
    join notifications.push_subscriptions s on s.id = c.subscription_id
    join notifications.notifications n on n.id = c.notification_id;
end;
$function$;

create or replace function notifications.claim_webhook_deliveries(p_limit integer, p_lease_ms integer)
 returns table (id uuid, webhook_id uuid, village_id uuid, event_id uuid, event_type text, body text, attempts integer, lease_id uuid, url text, secret text)
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  with due as (
    select d.id, d.attempts, d.lease_id as stale_lease_id
      from notifications.webhook_deliveries d
      join notifications.webhooks w on w.id = d.webhook_id
     where d.status in ('pending', 'failed') and d.next_attempt_at <= clock_timestamp() and w.enabled
     order by d.next_attempt_at
     limit p_limit
       for update of d skip locked
  ), interrupted as (
    insert into notifications.webhook_delivery_attempts (delivery_id, number, error, duration_ms, succeeded)
    select due.id, due.attempts, 'interrupted: the sender stopped before the answer was recorded', 0, false
      from due
     where due.stale_lease_id is not null and due.attempts > 0
  )
  update notifications.webhook_deliveries d
     set attempts = d.attempts + 1,
         lease_id = gen_random_uuid(),
         lease_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0),
         next_attempt_at = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0),
         updated_at = now()
    from due, notifications.webhooks w
   where d.id = due.id and w.id = d.webhook_id
  returning d.id, d.webhook_id, w.village_id, d.event_id, d.event_type, d.body, d.attempts, d.lease_id,
            w.url, w.secret;
end;
$function$;

create or replace function notifications.count_unread_notifications(p_user_id uuid)
 returns integer
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  select count(*)::integer from notifications.notifications n where n.user_id = p_user_id and n.read_at is null
    into v_result;
  return v_result;
end;
$function$;

create or replace function notifications.delete_village_webhooks(p_village_id uuid)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (delete from notifications.webhooks w where w.village_id = p_village_id returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function notifications.event_attendees(p_event_id uuid, p_statuses text[], p_occurrence_start timestamp with time zone, p_since timestamp with time zone)
 returns table (user_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select distinct a.user_id
   from notifications.event_attendance a
  where a.event_id = p_event_id
    and a.status = any(p_statuses)
    and (case when p_occurrence_start is null
              then a.occurrence_start = '-infinity' or a.occurrence_start >= p_since
              else a.occurrence_start = p_occurrence_start end)
    and not exists (select 1 from notifications.village_members m
                     where m.village_id = a.village_id and m.user_id = a.user_id and m.removed);
end;
$function$;

create or replace function notifications.exclude_former_members(p_village_id uuid, p_user_ids uuid[])
 returns table (user_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select distinct u.id
   from unnest(p_user_ids) as u(id)
  where not exists (select 1 from notifications.village_members m
                     where m.village_id = p_village_id and m.user_id = u.id and m.removed)
    and not exists (select 1 from notifications.villages v where v.id = p_village_id and v.deleted);
end;
$function$;

create or replace function notifications.exclude_former_members_many(p_village_ids uuid[], p_user_ids uuid[])
 returns table (village_id uuid, user_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.village_id, m.user_id
   from (select k.village_id, array_agg(k.user_id) as user_ids
           from unnest(p_village_ids, p_user_ids) as k(village_id, user_id)
          group by k.village_id) as v
  cross join lateral notifications.exclude_former_members(v.village_id, v.user_ids) as m;
end;
$function$;

create or replace function notifications.fail_push_delivery(p_id uuid, p_error text, p_delay_ms integer, p_final boolean)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  update notifications.push_deliveries
    set status = case when p_final then 'failed' else 'pending' end,
        next_attempt_at = clock_timestamp() + make_interval(secs => p_delay_ms / 1000.0),
        lease_until = null, last_error = left(p_error, 1000), updated_at = now()
  where id = p_id and status = 'sending';
end;
$function$;

create or replace function notifications.finish_push_delivery(p_id uuid)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  delete from notifications.push_deliveries d where d.id = p_id and d.status = 'sending';
end;
$function$;

create or replace function notifications.forget_event_attendance(p_event_id uuid)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (delete from notifications.event_attendance a where a.event_id = p_event_id returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function notifications.forget_topic_preferences(p_topic_id uuid)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (delete from notifications.topic_preferences t where t.topic_id = p_topic_id returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function notifications.get_preferences(p_user_id uuid, p_village_id uuid)
 returns table (village_id uuid, level text, topics jsonb, updated_at timestamp with time zone)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select p.village_id, p.level,
        coalesce((select jsonb_object_agg(t.topic_id::text, t.setting)
                    from notifications.topic_preferences t
                   where t.user_id = p.user_id and t.village_id = p.village_id), '{}'::jsonb),
        p.updated_at
   from notifications.village_preferences p
  where p.user_id = p_user_id and p.village_id = p_village_id;
end;
$function$;

create or replace function notifications.get_webhook(p_village_id uuid, p_webhook_id uuid)
 returns table (id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamp with time zone, failing_since timestamp with time zone, created_by uuid, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select w.id, w.village_id, w.url, w.events, w.enabled, w.disabled_at, w.failing_since, w.created_by,
        w.data, w.created_at, w.updated_at, w.created_at::text
   from notifications.webhooks w
  where w.id = p_webhook_id and w.village_id = p_village_id;
end;
$function$;

create or replace function notifications.kill_webhook_deliveries(p_webhook_id uuid, p_reason text)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with killed as (
    update notifications.webhook_deliveries d
       set status = 'dead', next_attempt_at = null, lease_id = null, lease_until = null,
           last_error = left(p_reason, 1000), updated_at = now()
     where d.webhook_id = p_webhook_id and d.status in ('pending', 'failed')
    returning 1)
  select count(*)::integer from killed
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function notifications.list_enabled_webhooks(p_village_id uuid)
 returns table (id uuid, events text[])
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select w.id, w.events from notifications.webhooks w
  where w.village_id = p_village_id and w.enabled
  order by w.created_at, w.id;
end;
$function$;

create or replace function notifications.list_webhook_deliveries(p_webhook_id uuid, p_limit integer, p_attempts_limit integer, p_status text DEFAULT NULL::text, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, webhook_id uuid, event_id uuid, event_type text, status text, attempts integer, last_status_code integer, last_error text, next_attempt_at timestamp with time zone, delivered_at timestamp with time zone, created_at timestamp with time zone, updated_at timestamp with time zone, recent_attempts jsonb, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select d.id, d.webhook_id, d.event_id, d.event_type, d.status, d.attempts, d.last_status_code,
        d.last_error, d.next_attempt_at, d.delivered_at, d.created_at, d.updated_at,
        notifications.webhook_delivery_recent_attempts(d.id, p_attempts_limit), d.created_at::text
   from notifications.webhook_deliveries d
  where d.webhook_id = p_webhook_id
    and (p_status is null or d.status = p_status)
    and (p_before_id is null or (d.created_at, d.id) < (p_before_created_at, p_before_id))
  order by d.created_at desc, d.id desc
  limit p_limit;
end;
$function$;

create or replace function notifications.list_webhooks(p_village_id uuid, p_limit integer, p_before_created_at timestamp with time zone DEFAULT NULL::timestamp with time zone, p_before_id uuid DEFAULT NULL::uuid)
 returns table (id uuid, village_id uuid, url text, events text[], enabled boolean, disabled_at timestamp with time zone, failing_since timestamp with time zone, created_by uuid, data jsonb, created_at timestamp with time zone, updated_at timestamp with time zone, sort_key text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select w.id, w.village_id, w.url, w.events, w.enabled, w.disabled_at, w.failing_since, w.created_by,
        w.data, w.created_at, w.updated_at, w.created_at::text
   from notifications.webhooks w
  where w.village_id = p_village_id
    and (p_before_id is null or (w.created_at, w.id) < (p_before_created_at, p_before_id))
  order by w.created_at desc, w.id desc
  limit p_limit;
end;
$function$;

create or replace function notifications.mark_mail_failed(p_id uuid, p_error text, p_delay_ms integer, p_final boolean)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  update notifications.outgoing_mail
    set status = case when p_final then 'failed' else 'pending' end,
        next_attempt_at = clock_timestamp() + make_interval(secs => p_delay_ms / 1000.0),
        lease_until = null, last_error = left(p_error, 1000), updated_at = now()
  where id = p_id and status = 'sending';
end;
$function$;

create or replace function notifications.mark_mail_sent(p_id uuid)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  update notifications.outgoing_mail
    set status = 'sent', sent_at = now(), lease_until = null, last_error = null, updated_at = now()
  where id = p_id and status = 'sending';
end;
$function$;

create or replace function notifications.mark_mail_skipped(p_id uuid, p_reason text)
 returns void
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  update notifications.outgoing_mail
    set status = 'skipped', lease_until = null, last_error = left(p_reason, 1000), updated_at = now()
  where id = p_id and status = 'sending';
end;
$function$;

create or replace function notifications.preferences_of(p_village_id uuid, p_user_ids uuid[], p_topic_id uuid)
 returns table (user_id uuid, level text, topic_setting text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select p.user_id, p.level, t.setting
   from notifications.village_preferences p
   left join notifications.topic_preferences t
     on t.user_id = p.user_id and t.topic_id = p_topic_id and t.village_id = p.village_id
  where p.village_id = p_village_id and p.user_id = any(p_user_ids);
end;
$function$;

create or replace function notifications.preferences_of_many(p_village_ids uuid[], p_topic_ids uuid[], p_user_ids uuid[])
 returns table (village_id uuid, topic_id uuid, user_id uuid, level text, topic_setting text)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select g.village_id, g.topic_id, p.user_id, p.level, p.topic_setting
   from (select k.village_id, k.topic_id, array_agg(distinct k.user_id) as user_ids
           from unnest(p_village_ids, p_topic_ids, p_user_ids) as k(village_id, topic_id, user_id)
          group by k.village_id, k.topic_id) as g
  cross join lateral notifications.preferences_of(g.village_id, g.user_ids, g.topic_id) as p;
end;
$function$;

create or replace function notifications.purge_webhook_deliveries(p_before timestamp with time zone, p_limit integer)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from notifications.webhook_deliveries d
     where d.id in (select x.id from notifications.webhook_deliveries x
                     where x.status in ('succeeded', 'dead') and x.updated_at < p_before
                     order by x.updated_at
                     limit p_limit)
    returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function notifications.sweep_attendance(p_synced_at timestamp with time zone)
 returns integer
 language plpgsql
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result integer;
begin
  for v_result in
  with gone as (
    delete from notifications.event_attendance a
     where a.synced_at is distinct from p_synced_at and a.updated_at < p_synced_at
    returning 1)
  select count(*)::integer from gone
  loop
    return v_result;
  end loop;
  return null;
end;
$function$;

create or replace function notifications.topic_watchers(p_village_id uuid, p_topic_id uuid)
 returns table (user_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select t.user_id
   from notifications.topic_preferences t
  where t.topic_id = p_topic_id and t.village_id = p_village_id and t.setting = 'watch'
    and not exists (select 1 from notifications.village_members m
                     where m.village_id = t.village_id and m.user_id = t.user_id and m.removed);
end;
$function$;

create or replace function notifications.topic_watchers_many(p_village_ids uuid[], p_topic_ids uuid[])
 returns table (village_id uuid, topic_id uuid, user_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select t.village_id, t.topic_id, w.user_id
   from (select distinct k.village_id, k.topic_id
           from unnest(p_village_ids, p_topic_ids) as k(village_id, topic_id)) as t
  cross join lateral notifications.topic_watchers(t.village_id, t.topic_id) as w;
end;
$function$;

create or replace function notifications.village_member_ids(p_village_id uuid)
 returns table (user_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select m.user_id
   from notifications.village_members m
  where m.village_id = p_village_id and not m.removed
    and not exists (select 1 from notifications.villages v where v.id = p_village_id and v.deleted);
end;
$function$;

create or replace function notifications.village_member_ids_many(p_village_ids uuid[])
 returns table (village_id uuid, user_id uuid)
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
begin
  return query
  select v.village_id, m.user_id
   from (select distinct k.village_id from unnest(p_village_ids) as k(village_id)) as v
  cross join lateral notifications.village_member_ids(v.village_id) as m;
end;
$function$;

create or replace function notifications.webhook_delivery_recent_attempts(p_delivery_id uuid, p_limit integer)
 returns jsonb
 language plpgsql
 stable
 set search_path = pg_catalog, pg_temp
as $function$
#variable_conflict use_column
declare
  v_result jsonb;
begin
  select coalesce(jsonb_agg(jsonb_build_object(
         'number', a.number,
         'at', to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'statusCode', a.status_code, 'error', a.error,
         'durationMs', a.duration_ms, 'succeeded', a.succeeded) order by a.created_at desc, a.id desc), '[]')
  from (select * from notifications.webhook_delivery_attempts x
         where x.delivery_id = p_delivery_id
         order by x.created_at desc, x.id desc
         limit p_limit) a
    into v_result;
  return v_result;
end;
$function$;
