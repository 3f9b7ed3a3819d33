import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { METADATA_MAX_BYTES, type MetadataDocument } from '@vv/contracts';
import { CONFIG, LOGGER, ServiceError, type Actor, type Logger } from '@vv/platform';
import type { IdentityConfig } from '../config';
import { VillageAccess } from '../village-access/village-access.service';
import { FixedVillages } from '../villages/fixed-villages.service';
import { documentSchema, usersNamedIn } from './app-documents';
import {
  addressOf,
  decideMetadataAccess,
  needsFacts,
  type MetadataAddress,
  type MetadataOperation,
} from './metadata.policy';
import { MetadataRepository, type MetadataRow } from './metadata.repository';

export interface MetadataRequest {
  scope: string;
  key: string;
  ifMatch?: number[];
  ifExists?: boolean;
}

const toDocument = (row: MetadataRow): MetadataDocument => ({
  scope: row.scope,
  key: row.key,
  version: row.version,
  value: row.value,
  updatedBy: row.updatedBy,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const notFound = (): ServiceError => new ServiceError('not_found', 'No such metadata document');

/** Metadata documents by scope and key: read/write rules per scope, size limit, known app documents. */
@Injectable()
export class MetadataService {
  constructor(
    private readonly repository: MetadataRepository,
    private readonly access: VillageAccess,
    private readonly moduleRef: ModuleRef,
    @Inject(CONFIG) private readonly config: IdentityConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async get(actor: Actor, request: MetadataRequest): Promise<MetadataDocument> {
    const address = await this.authorize(actor, request.scope, 'read');
    const row = await this.repository.get(address.stored, request.key);
    if (!row) throw notFound();
    return toDocument(row);
  }

  /** An `app` document for another service (no actor: app documents are not secret). */
  async getApp(key: string): Promise<MetadataDocument> {
    const row = await this.repository.get('app', key);
    if (!row) throw notFound();
    return toDocument(row);
  }

  async put(actor: Actor, request: MetadataRequest, value: unknown): Promise<MetadataDocument> {
    const address = await this.authorize(actor, request.scope, 'write');
    assertSize(value);
    assertKnownDocument(address.kind, request.key, value);
    if (address.kind === 'village') await this.assertNamesMembers(address.villageId, request.key, value);
    const row = await this.repository.put(
      {
        scope: address.stored,
        key: request.key,
        actorId: actor.userId,
        ifMatch: request.ifMatch,
        ifExists: request.ifExists,
      },
      value,
    );
    if (address.kind === 'app' && request.key === 'villages') await this.syncFixedVillages();
    return toDocument(row);
  }

  async delete(actor: Actor, request: MetadataRequest): Promise<void> {
    const address = await this.authorize(actor, request.scope, 'write');
    const row = await this.repository.delete({
      scope: address.stored,
      key: request.key,
      actorId: actor.userId,
      ifMatch: request.ifMatch,
      ifExists: request.ifExists,
    });
    if (!row) throw notFound();
  }

  /** Users a village's document names must be its members: `invalid` with a field error per other id. */
  private async assertNamesMembers(villageId: string, key: string, value: unknown): Promise<void> {
    const named = usersNamedIn(key, value);
    if (named.length === 0) return;
    const outsiders = await this.repository.nonMembers(
      villageId,
      named.map((user) => user.userId),
    );
    const errors = named
      .filter((user) => outsiders.has(user.userId))
      .map((user) => ({ field: user.field, reason: `${user.userId} is not a member of this village` }));
    if (errors.length > 0)
      throw ServiceError.invalid(errors, `village/${key} names users outside the village`);
  }

  /** The caller's address of the document, or `not_found` / `forbidden`. */
  private async authorize(
    actor: Actor,
    scope: string,
    operation: MetadataOperation,
  ): Promise<MetadataAddress> {
    const address = addressOf(scope, actor.userId);
    const facts = needsFacts(address, operation)
      ? await this.access.facts(actor.userId, address.kind === 'village' ? address.villageId : null)
      : undefined;
    const decision = decideMetadataAccess(address, operation, facts, this.config.APP_ADMIN_EMAILS);
    if (decision === 'not_found') throw new ServiceError('not_found', 'No such village');
    if (decision === 'forbidden') {
      throw new ServiceError(
        'forbidden',
        address.kind === 'app'
          ? 'Only app admins write app metadata'
          : 'Your role in this village does not allow metadata.write',
      );
    }
    return address;
  }

  /**
   * After `app/villages` is written, the fixed villages follow it. FixedVillages lives in the
   * villages module, which imports this one, so it is looked up at run time rather than injected.
   * The document is committed by then: a failed sync is logged and retried at the next start.
   */
  private async syncFixedVillages(): Promise<void> {
    try {
      await this.moduleRef.get(FixedVillages, { strict: false }).sync();
    } catch (error) {
      this.logger.error({ err: error }, 'fixed villages not synced after app/villages was written');
    }
  }
}

const utf8 = new TextEncoder();

function assertSize(value: unknown): void {
  const bytes = utf8.encode(JSON.stringify(value)).length;
  if (bytes > METADATA_MAX_BYTES) {
    throw new ServiceError(
      'payload_too_large',
      `A metadata document may hold at most ${METADATA_MAX_BYTES} bytes of JSON (this one: ${bytes})`,
    );
  }
}

/** Documents the suite reads (`app/roles`, `village:{id}/files`, …) must match their schema; field paths start at `value`. */
function assertKnownDocument(kind: string, key: string, value: unknown): void {
  const schema = documentSchema(kind, key);
  if (!schema) return;
  const result = schema.safeParse(value);
  if (result.success) return;
  throw ServiceError.invalid(
    result.error.issues.map((issue) => ({
      field: ['value', ...issue.path.map(String)].join('.'),
      reason: issue.message,
    })),
    `${kind}/${key} is not a valid document`,
  );
}
