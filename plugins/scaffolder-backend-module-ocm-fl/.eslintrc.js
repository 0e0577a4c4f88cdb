module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  // `yarn export-dynamic` writes the RHDH dynamic plugin there: built code, not ours to lint.
  ignorePatterns: ['dist-dynamic/**'],
});
