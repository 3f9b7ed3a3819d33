import { z } from 'zod';
import { uuid } from '../../common/schemas';

/** Access tokens are JWTs signed by identity with EdDSA (Ed25519); nothing else is accepted. */
export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';
/** The audience every access token names; the gateway rejects any other. */
export const ACCESS_TOKEN_AUDIENCE = 'virtual-village';

/** Claims of an access token: `sub` is the user, `sid` the session its refresh token belongs to. */
export const accessTokenClaims = z.object({
  sub: uuid,
  sid: uuid,
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type AccessTokenClaims = z.output<typeof accessTokenClaims>;
