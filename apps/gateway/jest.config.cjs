const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'gateway',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // jose 6 ships ESM only; let @swc/jest compile it like Nest's packages.
  transformIgnorePatterns: [
    '/node_modules/(?!(@nestjs|@nats-io|uid|file-type|strtok3|token-types|@tokenizer|uint8array-extras|jose)/)',
  ],
};
