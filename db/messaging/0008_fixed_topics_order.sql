-- Fixed topics whatever the order of identity's events: a village.created applied after its
-- village.deleted (a redelivery after a failure, or the membership replica's consumer getting
-- there first) creates no topics in the deleted village. The fixed-topics consumer applies
-- village.deleted to the membership replica itself, so the tombstone is there whichever consumer
-- runs first.

-- village.created: the stored document's fixed topics, unless the village is known deleted.
create or replace function messaging.create_village_fixed_topics(p_village_id uuid)
returns integer
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
begin
  if exists (select 1 from messaging.villages v where v.id = p_village_id and v.deleted) then
    return 0;
  end if;
  return messaging.create_fixed_topics(p_village_id);
end;
$$;
