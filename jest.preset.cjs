// Shared by every project's jest.config.cjs. @swc/jest because ts-jest cannot load Nest 12's ESM.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[cm]?[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@nats-io|jose|uid|file-type|strtok3|token-types|@tokenizer|uint8array-extras)/)',
  ],
  moduleNameMapper: {
    '^@vv/(contracts|platform|testing|access)$': path.join(__dirname, 'libs/$1/src/index.ts'),
    // Only the e2e project boots apps side by side; module boundaries keep apps from importing apps.
    '^@vv/(gateway|identity|notifications|messaging|calendar|files)$': path.join(
      __dirname,
      'apps/$1/src/index.ts',
    ),
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
};
