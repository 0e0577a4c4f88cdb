// The test runs the generator in Node, as the package's script does: Node's modules are fine here.
/* eslint-disable no-restricted-imports */
import { spawnSync } from 'child_process';
import path from 'path';
import packageJson from '../../package.json';

describe('the response types generated from openapi.yaml', () => {
  it('are up to date with the backend schema (else run `yarn generate:api-types` in plugins/ocm-fl)', () => {
    // The package's own generation command, with openapi-typescript's --check: it compares
    // what it would write with the committed file and exits 1 when they differ.
    const [tool, ...args] =
      packageJson.scripts['generate:api-types'].split(' ');
    expect(tool).toBe('openapi-typescript');
    const cli = path.join(
      path.dirname(require.resolve('openapi-typescript/package.json')),
      'bin/cli.js',
    );
    const run = spawnSync(process.execPath, [cli, ...args, '--check'], {
      cwd: path.resolve(__dirname, '../..'),
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/not up-to-date|error/i);
    expect(run.status).toBe(0);
  });
});
