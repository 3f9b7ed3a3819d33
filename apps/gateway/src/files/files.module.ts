import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { FilesController } from './files.controller';

/** A village's files: routes to files. */
@Module({ imports: [RoutingModule], controllers: [FilesController] })
export class FilesModule {}
