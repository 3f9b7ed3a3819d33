import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { MetadataController } from './metadata.controller';

/** Metadata documents: routes to identity. */
@Module({ imports: [RoutingModule], controllers: [MetadataController] })
export class MetadataModule {}
