export { infrastructure } from './infrastructure';
export type { Infrastructure } from './infrastructure';
export { createTestDatabase } from './test-database';
export type { TestDatabase } from './test-database';
export { testSubjectPrefix, deleteStreams } from './test-nats';
export { createTestEnvironment } from './test-environment';
export type { TestEnvironment } from './test-environment';
