import { Module } from '@nestjs/common';
import { AccessTokenSigner } from './access-token.signer';
import { KeysHandler } from './keys.handler';
import { KeysRepository } from './keys.repository';
import { SigningKeys } from './signing-keys.service';

/** Signing keys, their rotation, the JWKS, and access-token signing. */
@Module({
  controllers: [KeysHandler],
  providers: [KeysRepository, SigningKeys, AccessTokenSigner],
  exports: [AccessTokenSigner],
})
export class KeysModule {}
