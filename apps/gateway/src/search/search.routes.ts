import { searchQuery, uuid } from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const SEARCH = 'Search';

/** Full-text search of a village (messaging). */
export const searchRoutes = {
  search: defineRoute({
    method: 'GET',
    path: '/v1/villages/:villageId/search',
    command: searchQuery,
    auth: 'bearer',
    tag: SEARCH,
    summary:
      "Full-text search over the village's posts and the caller's conversation messages, best match first",
    params: z.strictObject({ villageId: uuid }),
    query: searchQuery.request.omit({ villageId: true }),
    toRequest: ({ params, query }) => ({ ...query, villageId: params.villageId }),
    errors: ['not_found'],
  }),
};
