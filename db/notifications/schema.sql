--
-- PostgreSQL database dump
--

SELECT pg_catalog.set_config('search_path', '', false);

--
-- Name: notifications; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA notifications;

--
-- Name: claim_inbox(text, uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.claim_inbox(p_consumer text, p_event_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.inbox (consumer, event_id) values (p_consumer, p_event_id)
  on conflict do nothing;
  return found;
end;
$$;

--
-- Name: claim_mail(integer, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.claim_mail(p_limit integer, p_lease_ms integer) RETURNS TABLE(id uuid, event_id uuid, kind text, payload jsonb, message_id text, attempts integer)
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
$$;

--
-- Name: claim_outbox(integer, integer); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.claim_outbox(p_limit integer, p_lease_ms integer) RETURNS TABLE(seq bigint, id uuid, type text, version integer, village_id uuid, actor_id uuid, data jsonb, occurred_at timestamp with time zone)
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  update notifications.outbox o
     set claimed_until = clock_timestamp() + make_interval(secs => p_lease_ms / 1000.0)
   where o.seq in (
     select p.seq from notifications.outbox p
      where p.published_at is null
        and (p.claimed_until is null or p.claimed_until < clock_timestamp())
      order by p.seq
      limit p_limit
      for update skip locked)
  returning o.seq, o.id, o.type, o.version, o.village_id, o.actor_id, o.data, o.occurred_at;
$$;

--
-- Name: count_pending_outbox(); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.count_pending_outbox() RETURNS bigint
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  select count(*) from notifications.outbox where published_at is null;
$$;

--
-- Name: emit_event(text, integer, uuid, uuid, jsonb); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.emit_event(p_type text, p_version integer, p_village_id uuid, p_actor_id uuid, p_data jsonb) RETURNS uuid
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
  v_id uuid := notifications.uuid_v7();
begin
  insert into notifications.outbox (id, type, version, village_id, actor_id, data)
  values (v_id, p_type, p_version, p_village_id, p_actor_id, p_data);
  -- Delivered at commit only, so the relay never wakes for a change that rolled back.
  perform pg_notify('notifications_outbox', '');
  return v_id;
end;
$$;

--
-- Name: enqueue_mail(uuid, text, jsonb, text); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.enqueue_mail(p_event_id uuid, p_kind text, p_payload jsonb, p_message_id text) RETURNS boolean
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
  insert into notifications.outgoing_mail (event_id, kind, payload, message_id)
  values (p_event_id, p_kind, p_payload, p_message_id)
  on conflict (event_id) do nothing;
  if found then
    perform pg_notify('notifications_mail', '');
  end if;
  return found;
end;
$$;

--
-- Name: mark_mail_failed(uuid, text, integer, boolean); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_mail_failed(p_id uuid, p_error text, p_delay_ms integer, p_final boolean) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  update notifications.outgoing_mail
     set status = case when p_final then 'failed' else 'pending' end,
         next_attempt_at = clock_timestamp() + make_interval(secs => p_delay_ms / 1000.0),
         lease_until = null, last_error = left(p_error, 1000), updated_at = now()
   where id = p_id and status = 'sending';
$$;

--
-- Name: mark_mail_sent(uuid); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_mail_sent(p_id uuid) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  update notifications.outgoing_mail
     set status = 'sent', sent_at = now(), lease_until = null, last_error = null, updated_at = now()
   where id = p_id and status = 'sending';
$$;

--
-- Name: mark_mail_skipped(uuid, text); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_mail_skipped(p_id uuid, p_reason text) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  update notifications.outgoing_mail
     set status = 'skipped', lease_until = null, last_error = left(p_reason, 1000), updated_at = now()
   where id = p_id and status = 'sending';
$$;

--
-- Name: mark_outbox_published(uuid[]); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.mark_outbox_published(p_ids uuid[]) RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with done as (
    update notifications.outbox set published_at = clock_timestamp(), claimed_until = null
     where id = any(p_ids) and published_at is null
    returning 1)
  select count(*)::integer from done;
$$;

--
-- Name: purge_inbox(timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.purge_inbox(p_processed_before timestamp with time zone) RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with gone as (delete from notifications.inbox where processed_at < p_processed_before returning 1)
  select count(*)::integer from gone;
$$;

--
-- Name: purge_outbox(timestamp with time zone); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.purge_outbox(p_published_before timestamp with time zone) RETURNS integer
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  with gone as (
    delete from notifications.outbox where published_at < p_published_before returning 1)
  select count(*)::integer from gone;
$$;

--
-- Name: uuid_v7(); Type: FUNCTION; Schema: notifications; Owner: -
--

CREATE FUNCTION notifications.uuid_v7() RETURNS uuid
    LANGUAGE sql PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
  -- 48-bit Unix milliseconds, then random bits; version nibble 7, RFC 9562 variant.
  select encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
        placing substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3)
        from 1 for 6),
      52, 1), 53, 1),
    'hex')::uuid;
$$;

--
-- Name: inbox; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.inbox (
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    processed_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);

--
-- Name: outbox; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.outbox (
    seq bigint NOT NULL,
    id uuid NOT NULL,
    type text NOT NULL,
    version integer NOT NULL,
    village_id uuid,
    actor_id uuid,
    data jsonb NOT NULL,
    occurred_at timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
    claimed_until timestamp with time zone,
    published_at timestamp with time zone,
    CONSTRAINT outbox_version_check CHECK ((version > 0))
);

--
-- Name: outbox_seq_seq; Type: SEQUENCE; Schema: notifications; Owner: -
--

ALTER TABLE notifications.outbox ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME notifications.outbox_seq_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: outgoing_mail; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.outgoing_mail (
    id uuid DEFAULT notifications.uuid_v7() NOT NULL,
    event_id uuid NOT NULL,
    kind text NOT NULL,
    payload jsonb NOT NULL,
    message_id text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    lease_until timestamp with time zone,
    last_error text,
    sent_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT outgoing_mail_attempts_check CHECK ((attempts >= 0)),
    CONSTRAINT outgoing_mail_kind_check CHECK ((kind = 'invitation'::text)),
    CONSTRAINT outgoing_mail_last_error_check CHECK ((char_length(last_error) <= 1000)),
    CONSTRAINT outgoing_mail_lease_check CHECK (((status = 'sending'::text) = (lease_until IS NOT NULL))),
    CONSTRAINT outgoing_mail_payload_object CHECK ((jsonb_typeof(payload) = 'object'::text)),
    CONSTRAINT outgoing_mail_sent_check CHECK (((status = 'sent'::text) = (sent_at IS NOT NULL))),
    CONSTRAINT outgoing_mail_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'sending'::text, 'sent'::text, 'skipped'::text, 'failed'::text])))
);

--
-- Name: schema_migrations; Type: TABLE; Schema: notifications; Owner: -
--

CREATE TABLE notifications.schema_migrations (
    id text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: inbox inbox_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.inbox
    ADD CONSTRAINT inbox_pkey PRIMARY KEY (consumer, event_id);

--
-- Name: outbox outbox_id_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.outbox
    ADD CONSTRAINT outbox_id_key UNIQUE (id);

--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (seq);

--
-- Name: outgoing_mail outgoing_mail_event_key; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.outgoing_mail
    ADD CONSTRAINT outgoing_mail_event_key UNIQUE (event_id);

--
-- Name: outgoing_mail outgoing_mail_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.outgoing_mail
    ADD CONSTRAINT outgoing_mail_pkey PRIMARY KEY (id);

--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: notifications; Owner: -
--

ALTER TABLE ONLY notifications.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (id);

--
-- Name: inbox_processed_at_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX inbox_processed_at_idx ON notifications.inbox USING btree (processed_at);

--
-- Name: outbox_pending_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX outbox_pending_idx ON notifications.outbox USING btree (seq) WHERE (published_at IS NULL);

--
-- Name: outbox_published_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX outbox_published_idx ON notifications.outbox USING btree (published_at) WHERE (published_at IS NOT NULL);

--
-- Name: outgoing_mail_created_at_id_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX outgoing_mail_created_at_id_idx ON notifications.outgoing_mail USING btree (created_at, id);

--
-- Name: outgoing_mail_due_idx; Type: INDEX; Schema: notifications; Owner: -
--

CREATE INDEX outgoing_mail_due_idx ON notifications.outgoing_mail USING btree (next_attempt_at) WHERE (status = ANY (ARRAY['pending'::text, 'sending'::text]));

--
-- PostgreSQL database dump complete
--
