import {
  jsonValue,
  metadataDelete,
  metadataGet,
  metadataKey,
  metadataPut,
  metadataScope,
} from '@vv/contracts';
import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';
import { etagOf, ifMatchHeader } from './etag';

const METADATA = 'Metadata';

/** `scope`: `app`, `user` (the caller's own) or `village:<id>`. */
const address = z.strictObject({ scope: metadataScope, key: metadataKey });
const conditional = z.object({ 'if-match': ifMatchHeader.optional() });
const withEtag = (document: { version: number }): Record<string, string> => ({
  etag: etagOf(document.version),
});

/** Metadata documents (identity): versioned JSON by scope and key; the version is the ETag. */
export const metadataRoutes = {
  get: defineRoute({
    method: 'GET',
    path: '/v1/metadata/:scope/:key',
    command: metadataGet,
    auth: 'bearer',
    tag: METADATA,
    params: address,
    toRequest: ({ params }) => params,
    responseHeaders: withEtag,
    errors: ['not_found'],
  }),
  put: defineRoute({
    method: 'PUT',
    path: '/v1/metadata/:scope/:key',
    command: metadataPut,
    auth: 'bearer',
    tag: METADATA,
    summary:
      'Create or replace a metadata document (the body is its JSON value); If-Match makes it conditional',
    params: address,
    headers: conditional,
    body: jsonValue,
    toRequest: ({ params, headers, body }) => ({ ...params, value: body, ...headers['if-match'] }),
    responseHeaders: withEtag,
    errors: ['not_found', 'forbidden', 'precondition_failed', 'payload_too_large'],
  }),
  delete: defineRoute({
    method: 'DELETE',
    path: '/v1/metadata/:scope/:key',
    command: metadataDelete,
    status: 204,
    auth: 'bearer',
    tag: METADATA,
    params: address,
    headers: conditional,
    toRequest: ({ params, headers }) => ({ ...params, ...headers['if-match'] }),
    errors: ['not_found', 'forbidden', 'precondition_failed'],
  }),
};
