import fs from 'node:fs';
import { runCli } from './program';

runCli(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
  stdin: () => fs.readFileSync(0, 'utf8'),
}).then(code => {
  process.exitCode = code;
});
