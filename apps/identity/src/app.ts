import 'reflect-metadata';
import { createServiceApp, loadConfig, type RunningApp } from '@vv/platform';
import { AccountsModule } from './accounts/accounts.module';
import { ContactsModule } from './contacts/contacts.module';
import { identityConfigSchema } from './config';
import { InvitationsModule } from './invitations/invitations.module';
import { KeysModule } from './keys/keys.module';
import { MembersModule } from './members/members.module';
import { MetadataModule } from './metadata/metadata.module';
import { IDENTITY_MIGRATIONS_DIR } from './migrations';
import { ProfilesModule } from './profiles/profiles.module';
import { VillagesModule } from './villages/villages.module';
import { ReplicaSnapshotsModule } from './replica-snapshots/replica-snapshots.module';

/** Identity: accounts, sessions, profiles and the keys that sign access tokens. */
export async function createIdentityApp(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningApp> {
  const config = loadConfig(identityConfigSchema, env);
  return createServiceApp({
    service: 'identity',
    config,
    modules: [
      KeysModule,
      AccountsModule,
      ProfilesModule,
      MetadataModule,
      VillagesModule,
      MembersModule,
      InvitationsModule,
      ContactsModule,
      ReplicaSnapshotsModule,
    ],
    port: config.IDENTITY_HTTP_PORT,
    migrationsDir: IDENTITY_MIGRATIONS_DIR,
  });
}
