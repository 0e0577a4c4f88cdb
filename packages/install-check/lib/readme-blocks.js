// The code blocks of a README whose info string is INFO (`ts backend`, `yaml app-config`):
// the snippets that the READMEs give a user, which the install check applies as they are.
const fs = require('node:fs');

const escapeRegExp = text => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function readmeBlocks(readme, info) {
  const fence = new RegExp(
    '```' + escapeRegExp(info) + '\\n([\\s\\S]*?)```',
    'g',
  );
  return [...fs.readFileSync(readme, 'utf8').matchAll(fence)].map(
    ([, block]) => block,
  );
}

module.exports = { readmeBlocks };
