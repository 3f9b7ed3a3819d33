import 'reflect-metadata';
import { AccessModule } from '@vv/access';
import { createServiceApp, loadConfig, type RunningApp } from '@vv/platform';
import { filesConfigSchema } from './config';
import { ConsumersModule } from './consumers/consumers.module';
import { FilesModule } from './files/files.module';
import { FILES_MIGRATIONS_DIR, FILES_SHARED_SQL } from './migrations';
import { StorageModule } from './storage/storage.module';

/**
 * Files: records of village files, their objects in S3 (presigned upload and download), per-file
 * permissions and the download audit. Village access comes from the libs/access membership replica.
 */
export async function createFilesApp(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningApp> {
  const config = loadConfig(filesConfigSchema, env);
  return createServiceApp({
    service: 'files',
    config,
    modules: [AccessModule.forService({ service: 'files' }), StorageModule, FilesModule, ConsumersModule],
    port: config.FILES_HTTP_PORT,
    migrationsDir: FILES_MIGRATIONS_DIR,
    migrationSources: FILES_SHARED_SQL,
  });
}
