import { eventually } from '@ocm-fl/hub-simulator/testing';
import { Knex } from 'knex';
import { SuiteBackend } from '../backend/suiteBackend';
import { lineageOf } from '../backend/lineageAudit';

/** How long the API and the lineage store may take to agree after a change (a lifecycle pass or two). */
const AGREE_WITHIN_MS = 15_000;

/**
 * The phase `GET /api/ocm-fl/jobs/<name>` answers is the phase the job's lineage record
 * holds: what the portal shows and what the store keeps never disagree for long.
 */
export async function apiAgreesWithLineage(
  backend: SuiteBackend,
  jobs: string[],
  lineage: Knex,
): Promise<string[]> {
  const problems: string[] = [];
  for (const job of jobs) {
    let last = '';
    await eventually(async () => {
      const api = await backend.request('GET', `/ocm-fl/jobs/${job}`);
      const records = (await lineageOf(lineage, job)).records;
      const recorded = records[records.length - 1]?.phase;
      last = `the API says ${api.body?.phase ?? api.status}, the lineage ${
        recorded ?? 'nothing'
      }`;
      return api.body?.phase && api.body.phase === recorded ? true : undefined;
    }, AGREE_WITHIN_MS).catch(() => problems.push(`${job}: ${last}`));
  }
  return problems;
}
