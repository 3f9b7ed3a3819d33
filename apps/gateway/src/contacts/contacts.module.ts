import { Module } from '@nestjs/common';
import { RoutingModule } from '../routing/routing.module';
import { ContactsController } from './contacts.controller';

/** A village's directory contacts: routes to identity. */
@Module({ imports: [RoutingModule], controllers: [ContactsController] })
export class ContactsModule {}
