import fs from 'node:fs';
import {
  describeJobSpecIssues,
  JobSpec,
  MAX_SPEC_TEXT_BYTES,
  parseJobSpec,
  readJobSpecText,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { invalid } from './errors';
import { readAtMost } from './readAtMost';

/** One byte over the limit is enough to know that a file is too big. */
const READ_LIMIT = MAX_SPEC_TEXT_BYTES + 1;

function readText(file: string, stdin: () => string): string {
  if (file === '-') return stdin();
  const fd = fs.openSync(file, 'r');
  try {
    return readAtMost(fd, READ_LIMIT);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a job spec from a YAML or JSON file; '-' reads standard input (which gives at most
 * `MAX_SPEC_TEXT_BYTES + 1` bytes). The size is checked before the text is parsed.
 */
export function readJobFile(
  file: string | undefined,
  stdin: () => string,
): { raw: unknown; spec: JobSpec } {
  if (!file) throw invalid('-f/--file: the job spec file is required');
  let text: string;
  try {
    text = readText(file, stdin);
  } catch (error) {
    throw invalid(
      `-f/--file: cannot read ${file}: ${(error as Error).message}`,
    );
  }
  if (Buffer.byteLength(text) > MAX_SPEC_TEXT_BYTES)
    throw invalid(
      `-f/--file: ${file} is larger than ${MAX_SPEC_TEXT_BYTES} bytes, the most a job spec may be`,
    );
  const read = readJobSpecText(text);
  if (!read.success) throw invalid(`-f/--file: ${file} ${read.message}`);
  const parsed = parseJobSpec(read.value);
  if (!parsed.success)
    throw invalid(`invalid job spec: ${describeJobSpecIssues(parsed.issues)}`);
  return { raw: read.value, spec: parsed.spec };
}
