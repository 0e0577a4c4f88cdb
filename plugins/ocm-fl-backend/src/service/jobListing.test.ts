import {
  jobSummary,
  LiveJob,
  RecordedJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { liveJobKey } from '../lineage/LineageStore';
import { JobListing } from './jobListing';

const liveJob = (name: string, createdAt: string): LiveJob => ({
  hub: 'hub-a',
  name,
  framework: 'flower',
  rounds: 3,
  minClients: 2,
  phase: 'Running',
  reason: 'training',
  aggregatorCluster: 'gpu-pool-1',
  clients: ['hospital-berlin', 'hospital-paris'],
  createdAt,
  spec: { framework: 'flower', rounds: 3 },
  clusters: [],
});

const record = (
  name: string,
  createdAt: string,
  hub = 'hub-a',
): RecordedJob => ({
  hub,
  name,
  createdAt,
  framework: 'openfl',
  spec: { rounds: 2 },
  aggregatorCluster: 'gpu-pool-2',
  participants: ['hospital-madrid'],
  phase: 'Succeeded',
  reason: 'done',
  vanishedClusters: [],
});

/** One hub's jobs, each with its round when given. */
const onHub = (...jobs: Array<[LiveJob, number?]>) => ({
  jobs: jobs.map(([job]) => job),
  rounds: new Map(
    jobs.flatMap(([job, round]) =>
      round === undefined ? [] : [[liveJobKey(job), round] as const],
    ),
  ),
});

const names = (listing: ReturnType<JobListing['list']>) =>
  listing.map(j => `${j.view.archived ? 'archived ' : ''}${j.view.name}`);

describe('JobListing', () => {
  it('lists live jobs and records newest first, live first on equal times, each with its summary as JSON', () => {
    const listing = new JobListing();
    const listed = listing.list(
      [
        onHub(
          [liveJob('b', '2026-01-02T00:00:00Z'), 2],
          [liveJob('a', '2026-01-03T00:00:00Z')],
          [liveJob('same-time', '2026-01-01T00:00:00Z')],
        ),
      ],
      [
        record('old', '2025-12-01T00:00:00Z'),
        record('tie', '2026-01-01T00:00:00Z'),
        record('newest', '2026-02-01T00:00:00Z'),
        // Hidden by the live job of the same hub and name; another hub's is not.
        record('a', '2025-01-01T00:00:00Z'),
        record('a', '2025-01-01T00:00:00Z', 'hub-b'),
      ],
    );
    expect(names(listed)).toEqual([
      'archived newest',
      'a',
      'b',
      'same-time',
      'archived tie',
      'archived old',
      'archived a',
    ]);
    for (const entry of listed) {
      expect(JSON.parse(entry.json)).toEqual(
        JSON.parse(JSON.stringify(jobSummary(entry.view))),
      );
    }
    expect(listed[2].view.progress).toEqual({ round: 2, of: 3 });
    expect(listed[1].view.progress).toBeUndefined();
    expect(JSON.parse(listed[1].json)).not.toHaveProperty('spec');
  });

  it('derives again only the job whose objects or round changed, and follows its new time', () => {
    const listing = new JobListing();
    const a = liveJob('a', '2026-01-01T00:00:00Z');
    const b = liveJob('b', '2026-01-02T00:00:00Z');
    const kept = onHub([a], [b, 1]);
    const first = listing.list([kept], []);
    // The same jobs and rounds: the very list, not sorted again.
    expect(listing.list([kept], [])).toBe(first);
    // Another state of the cache with equal jobs: the same entries.
    const again = listing.list([onHub([a], [b, 1])], []);
    expect(again).not.toBe(first);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);

    const advanced = listing.list([onHub([a], [b, 2])], []);
    expect(advanced[1]).toBe(first[1]);
    expect(advanced[0]).not.toBe(first[0]);
    expect(advanced[0].view.progress).toEqual({ round: 2, of: 3 });

    // Its objects replaced (a relaunch, newer than b): derived again and listed first.
    const relaunched = { ...a, createdAt: '2026-01-03T00:00:00Z' };
    expect(names(listing.list([onHub([relaunched], [b, 2])], []))).toEqual([
      'a',
      'b',
    ]);
    // Gone from the hub: gone from the list, and its record shows instead.
    expect(
      names(
        listing.list([onHub([b, 2])], [record('a', '2026-01-03T00:00:00Z')]),
      ),
    ).toEqual(['archived a', 'b']);
  });
});
