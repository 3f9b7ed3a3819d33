const preset = require('../../jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'files',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'],
};
