import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { SearchController } from './search.controller';

/** Full-text search of a village: routes to messaging. */
@Module({ imports: [RoutingModule], controllers: [SearchController] })
export class SearchModule {}
