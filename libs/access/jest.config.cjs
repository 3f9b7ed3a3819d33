module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'access',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.spec.ts', '<rootDir>/**/*.int-spec.ts'],
};
