import { z } from 'zod';
import { defineCommand } from '../../common/define';
import { empty } from '../../common/schemas';

export const publicJwk = z
  .object({ kty: z.string(), kid: z.string(), alg: z.string(), use: z.literal('sig') })
  .catchall(z.unknown());

export const jwksGet = defineCommand({
  service: 'identity',
  name: 'jwks.get',
  version: 1,
  summary: 'Public keys that verify access tokens (current and recently retired)',
  request: empty,
  response: z.object({ keys: z.array(publicJwk) }),
});
