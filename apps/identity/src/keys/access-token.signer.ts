import { Inject, Injectable } from '@nestjs/common';
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_AUDIENCE } from '@vv/contracts';
import { CONFIG, type Actor } from '@vv/platform';
import { SignJWT } from 'jose';
import type { IdentityConfig } from '../config';
import { SigningKeys } from './signing-keys.service';

export interface SignedAccessToken {
  accessToken: string;
  /** Seconds until it expires. */
  expiresIn: number;
}

/** Issues access tokens: `sub` = user, `sid` = session, signed with the current key. */
@Injectable()
export class AccessTokenSigner {
  constructor(
    private readonly keys: SigningKeys,
    @Inject(CONFIG) private readonly config: IdentityConfig,
  ) {}

  async sign(actor: Actor): Promise<SignedAccessToken> {
    const key = await this.keys.signingKey();
    const ttl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const issuedAt = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({ sid: actor.sessionId })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, kid: key.kid })
      .setSubject(actor.userId)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ttl)
      .sign(key.privateKey);
    return { accessToken, expiresIn: ttl };
  }
}
