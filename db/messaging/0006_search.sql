-- Full-text search over topic posts and conversation messages.
--
-- Each searchable table carries a `search_vector tsvector`, kept by a trigger (not a generated
-- column: a generated column cannot read configuration) as `to_tsvector(<language>, body)`, where
-- the language (a text search configuration, e.g. english, simple) is the one row of
-- `messaging.search_settings`. The app writes it at start from `SEARCH_LANGUAGE`
-- (`messaging.set_search_language`), which re-computes every vector when it changes, so the
-- vectors and the queries always use one language.
--
-- Writers and a language change are serialised by an advisory lock: the trigger takes it shared
-- (in memory, no row is written), a change takes it exclusive. A change therefore waits for the
-- writes in flight and every later write reads the new language, so no row keeps a vector of the
-- old one.
--
-- Each table has a partial GIN index on its live rows (`deleted_at is null`; a tombstone's body is
-- '' anyway). A search finds its candidates through the index and ranks only those, so its cost
-- follows the number of matching rows, not the size of the tables.

create table messaging.search_settings (
  id boolean primary key default true constraint search_settings_single_row_check check (id),
  language regconfig not null default 'english',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

insert into messaging.search_settings default values;

alter table messaging.posts add column search_vector tsvector;
alter table messaging.messages add column search_vector tsvector;

-- The one lock key writers (shared) and a language change (exclusive) agree on.
create or replace function messaging.search_language_lock_key()
returns bigint
language sql immutable
set search_path = pg_catalog, pg_temp
as $$
  select hashtextextended('messaging.search_language', 0);
$$;

-- The language of every search vector and query.
create or replace function messaging.search_language()
returns regconfig
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select s.language from messaging.search_settings s;
$$;

-- Trigger (posts, messages): the row's vector from its body, in the configured language.
create or replace function messaging.set_search_vector()
returns trigger
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  perform pg_advisory_xact_lock_shared(messaging.search_language_lock_key());
  new.search_vector := to_tsvector(messaging.search_language(), new.body);
  return new;
end;
$$;

create trigger posts_search_vector_trg
  before insert or update of body on messaging.posts
  for each row execute function messaging.set_search_vector();

create trigger messages_search_vector_trg
  before insert or update of body on messaging.messages
  for each row execute function messaging.set_search_vector();

update messaging.posts set search_vector = to_tsvector(messaging.search_language(), body);
update messaging.messages set search_vector = to_tsvector(messaging.search_language(), body);

create index posts_search_vector_idx on messaging.posts using gin (search_vector) where deleted_at is null;
create index messages_search_vector_idx on messaging.messages using gin (search_vector) where deleted_at is null;

-- Sets the search language (a text search configuration name, e.g. 'english', 'simple'); when it
-- changes, every post's and message's vector is re-computed in this transaction. `invalid` for a
-- name PostgreSQL does not know. Called by the app at start with SEARCH_LANGUAGE; every replica
-- must be configured alike.
create or replace function messaging.set_search_language(p_language text)
returns table (language text, changed boolean, reindexed_posts bigint, reindexed_messages bigint)
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_language regconfig;
  v_posts bigint := 0;
  v_messages bigint := 0;
begin
  begin
    v_language := p_language::regconfig;
  exception when undefined_object or invalid_name or syntax_error then
    raise exception using errcode = '22023', message = 'invalid',
      detail = format('No text search configuration named %s', p_language);
  end;
  perform pg_advisory_xact_lock(messaging.search_language_lock_key());
  if (select s.language from messaging.search_settings s) = v_language then
    return query select v_language::text, false, 0::bigint, 0::bigint;
    return;
  end if;
  update messaging.search_settings s set language = v_language, updated_at = now();
  update messaging.posts p set search_vector = to_tsvector(v_language, p.body);
  get diagnostics v_posts = row_count;
  update messaging.messages m set search_vector = to_tsvector(v_language, m.body);
  get diagnostics v_messages = row_count;
  return query select v_language::text, true, v_posts, v_messages;
end;
$$;

-- One page of a village's posts and messages matching `p_query` (web search syntax: words,
-- "phrases", or, -not), best first: (rank desc, created_at desc, id desc), keyset after the
-- previous page's last (rank, created_at, id).
--
-- Readable content only, as TypeScript decided it: posts of the village's topics that are not
-- archived, and — when `p_include_messages` (the caller is a member) — messages of the village's
-- conversations `p_user_id` is a member of. Deleted posts and messages (tombstones) never match.
--
-- Each page re-runs the match (ranks are not stored); the index bounds it to the matching rows.
-- `snippet` is plain text with each match between U+E000 and U+E001 (characters removed from the
-- body first), so TypeScript can split it without trusting the body.
create or replace function messaging.search_village(
  p_village_id uuid,
  p_user_id uuid,
  p_query text,
  p_limit integer,
  p_include_messages boolean default false,
  p_before_rank double precision default null,
  p_before_created_at timestamptz default null,
  p_before_id uuid default null
) returns table (
  kind text, id uuid, topic_id uuid, conversation_id uuid, parent_id uuid, author_id uuid,
  snippet text, rank double precision, created_at timestamptz, sort_key text
)
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
#variable_conflict use_column
declare
  v_language regconfig := messaging.search_language();
  v_query tsquery := websearch_to_tsquery(v_language, p_query);
begin
  -- Only stop words (e.g. "the"): nothing can match.
  if numnode(v_query) = 0 then
    return;
  end if;
  return query
  with hits as (
    select 'post'::text as kind, p.id, p.topic_id, null::uuid as conversation_id, p.parent_id,
           p.author_id, p.body, ts_rank_cd(p.search_vector, v_query)::double precision as rank, p.created_at
      from messaging.posts p
      join messaging.topics t on t.id = p.topic_id
     where p.search_vector @@ v_query
       and p.deleted_at is null
       and p.village_id = p_village_id
       and not t.archived
    union all
    select 'message'::text, m.id, null::uuid, m.conversation_id, null::uuid,
           m.author_id, m.body, ts_rank_cd(m.search_vector, v_query)::double precision, m.created_at
      from messaging.messages m
      join messaging.conversation_members cm
        on cm.conversation_id = m.conversation_id and cm.user_id = p_user_id
     where p_include_messages
       and m.search_vector @@ v_query
       and m.deleted_at is null
       and m.village_id = p_village_id
  ), page as (
    select h.*
      from hits h
     where p_before_rank is null
        or (h.rank, h.created_at, h.id) < (p_before_rank, p_before_created_at, p_before_id)
     order by h.rank desc, h.created_at desc, h.id desc
     limit p_limit
  )
  -- Headlines only for the page's rows (ts_headline re-parses the body).
  select pg.kind, pg.id, pg.topic_id, pg.conversation_id, pg.parent_id, pg.author_id,
         ts_headline(v_language, translate(pg.body, U&'\E000\E001', ''), v_query,
           'StartSel=' || U&'\E000' || ', StopSel=' || U&'\E001'
             || ', MaxWords=30, MinWords=10, MaxFragments=2, FragmentDelimiter=" … "'),
         pg.rank, pg.created_at,
         to_char(pg.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    from page pg
   order by pg.rank desc, pg.created_at desc, pg.id desc;
end;
$$;
