import { Module } from '@nestjs/common';
import { VillageAccessModule } from '../village-access/village-access.module';
import { ContactsHandler } from './contacts.handler';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';

/**
 * Directory contacts: a village's non-user entries (doctor, school, plumber), admin-managed,
 * optionally linked to a member (the link is cleared in SQL when that membership ends).
 */
@Module({
  imports: [VillageAccessModule],
  controllers: [ContactsHandler],
  providers: [ContactsRepository, ContactsService],
})
export class ContactsModule {}
