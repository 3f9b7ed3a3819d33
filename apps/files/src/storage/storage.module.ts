import { Global, Inject, Module, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CONFIG, Health } from '@vv/platform';
import type { FilesConfig } from '../config';
import { ObjectStorage } from './object-storage';

/** Creates the bucket at start (a store that does not answer fails the start) and reports S3 in readiness. */
class StorageLifecycle implements OnModuleInit, OnModuleDestroy {
  constructor(
    @Inject(ObjectStorage) private readonly storage: ObjectStorage,
    @Inject(Health) private readonly health: Health,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.storage.ensureBucket();
    this.health.add('s3', () => this.storage.ping());
  }

  onModuleDestroy(): void {
    this.storage.destroy();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: ObjectStorage,
      inject: [CONFIG],
      useFactory: (config: FilesConfig) => new ObjectStorage(config),
    },
    StorageLifecycle,
  ],
  exports: [ObjectStorage],
})
export class StorageModule {}
