import { MAX_SPEC_TEXT_BYTES } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { runCli } from './program';
import { readAtMost } from './readAtMost';

runCli(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  // The only input read from stdin is a job spec: one byte over its limit is enough.
  stdin: () => readAtMost(0, MAX_SPEC_TEXT_BYTES + 1),
}).then(code => {
  process.exitCode = code;
});
