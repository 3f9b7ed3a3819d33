import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DocsController } from './docs.controller';
import { RouteCatalogue } from './route-catalogue';

@Module({ imports: [DiscoveryModule], providers: [RouteCatalogue], controllers: [DocsController] })
export class DocsModule {}
