module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'platform',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'],
};
