import { Module } from '@nestjs/common';
import { MetadataRepository } from './metadata.repository';

/** Metadata documents by scope and key; other modules read app documents (roles, villages, templates) here. */
@Module({
  providers: [MetadataRepository],
  exports: [MetadataRepository],
})
export class MetadataModule {}
