import { Injectable } from '@nestjs/common';
import { Database } from '@vv/platform';
import type { JWK } from 'jose';
import type { KeyLifetimes } from './key-rotation.policy';

export interface SigningKeyCandidate {
  kid: string;
  alg: string;
  publicJwk: JWK;
  privateJwk: JWK;
}

export interface SigningKeyRow {
  kid: string;
  alg: string;
  privateJwk: JWK;
  createdAt: string;
  notAfter: string;
}

export interface VerificationKeyRow {
  kid: string;
  alg: string;
  publicJwk: JWK;
  notAfter: string;
  expiresAt: string;
}

/** The only file of the keys module that calls SQL. */
@Injectable()
export class KeysRepository {
  constructor(private readonly db: Database) {}

  /** The key that signs now; the candidate is stored and returned only when there is none. */
  ensureSigningKey(candidate: SigningKeyCandidate, lifetimes: KeyLifetimes): Promise<SigningKeyRow> {
    return this.db.one<SigningKeyRow>('identity.ensure_signing_key', {
      kid: candidate.kid,
      alg: candidate.alg,
      publicJwk: candidate.publicJwk,
      privateJwk: candidate.privateJwk,
      signSeconds: lifetimes.signSeconds,
      verifySeconds: lifetimes.verifySeconds,
    });
  }

  listVerificationKeys(): Promise<VerificationKeyRow[]> {
    return this.db.call<VerificationKeyRow>('identity.list_verification_keys');
  }
}
