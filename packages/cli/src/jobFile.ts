import fs from 'node:fs';
import {
  describeJobSpecIssues,
  JobSpec,
  parseJobSpec,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { parse as parseYaml } from 'yaml';
import { invalid } from './errors';

/** Reads a job spec from a YAML or JSON file; '-' reads standard input. */
export function readJobFile(
  file: string | undefined,
  stdin: () => string,
): { raw: unknown; spec: JobSpec } {
  if (!file) throw invalid('-f/--file: the job spec file is required');
  let text: string;
  try {
    text = file === '-' ? stdin() : fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw invalid(
      `-f/--file: cannot read ${file}: ${(error as Error).message}`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw invalid(
      `-f/--file: ${file} is not YAML: ${
        (error as Error).message.split('\n')[0]
      }`,
    );
  }
  const parsed = parseJobSpec(raw);
  if (!parsed.success)
    throw invalid(`invalid job spec: ${describeJobSpecIssues(parsed.issues)}`);
  return { raw, spec: parsed.spec };
}
