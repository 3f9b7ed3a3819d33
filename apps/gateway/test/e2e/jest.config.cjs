const preset = require('../../../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'gateway-e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  // jose 6 ships ESM only; let @swc/jest compile it like Nest's packages.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@nats-io|uid|file-type|strtok3|token-types|@tokenizer|uint8array-extras|jose)/)',
  ],
  // Every file boots identity and the gateway against its own database.
  testTimeout: 60000,
};
