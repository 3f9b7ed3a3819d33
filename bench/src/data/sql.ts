/**
 * The statements messaging sends for the two calls the bench measures, exactly as the platform's
 * `buildCall` (libs/platform/src/db/sql-call.ts) writes them for PostsRepository's arguments
 * (named parameters, undefined ones left out). The direct arm sends them with node-postgres, the
 * pg arm through pgbench with :variables (extended protocol: the same parameterised statement).
 */
export const LIST_POSTS_SQL =
  'select * from messaging.list_posts(p_topic_id => $1, p_actor_id => $2, p_limit => $3)';

export const CREATE_POST_SQL =
  'select * from messaging.create_post(p_topic_id => $1, p_actor_id => $2, p_body => $3, p_allow_locked => $4)';

/** A page: the API's limit; the service asks for one row more to know whether a next page exists. */
export const PAGE_SIZE = 50;

/** The body of every post the write scenario creates (all arms). */
export const WRITE_BODY = 'A benchmark post: the village meets on Thursday at seven, bring chairs.';

/** pgbench's custom scripts: the same statements with pgbench variables (passed as parameters with -M extended). */
export const PGBENCH_LIST_SCRIPT =
  'select * from messaging.list_posts(p_topic_id => :topic_id, p_actor_id => :actor_id, p_limit => :limit);\n';

export const PGBENCH_CREATE_SCRIPT =
  'select * from messaging.create_post(p_topic_id => :topic_id, p_actor_id => :actor_id, p_body => :body, p_allow_locked => :allow_locked);\n';
