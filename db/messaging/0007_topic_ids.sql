-- Which of some ids are topics of a village: for services that store topic ids (notifications'
-- topic preferences) and must not keep another village's, or none at all. One primary-key probe
-- per id.

create or replace function messaging.find_village_topic_ids(p_village_id uuid, p_topic_ids uuid[])
returns table (id uuid)
language sql stable
set search_path = pg_catalog, pg_temp
as $$
  select t.id from messaging.topics t where t.id = any(p_topic_ids) and t.village_id = p_village_id;
$$;
