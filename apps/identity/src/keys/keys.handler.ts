import { Controller } from '@nestjs/common';
import { jwksGet, type ResponseOf } from '@vv/contracts';
import { Command } from '@vv/platform';
import { KeysRepository } from './keys.repository';

/** NATS: the public keys that verify access tokens. */
@Controller()
export class KeysHandler {
  constructor(private readonly repository: KeysRepository) {}

  @Command(jwksGet)
  async jwks(): Promise<ResponseOf<typeof jwksGet>> {
    const rows = await this.repository.listVerificationKeys();
    return {
      keys: rows.map((row) => ({
        ...row.publicJwk,
        kty: row.publicJwk.kty ?? 'OKP',
        kid: row.kid,
        alg: row.alg,
        use: 'sig' as const,
      })),
    };
  }
}
