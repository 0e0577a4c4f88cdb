import {
  JobDetail,
  jobSummary,
  jobView,
  LiveJob,
  RecordedJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { liveJobKey } from '../lineage/LineageStore';
import { DerivedByInputs } from './derivedByInputs';

/** A job as lists show it, with its list entry's JSON made once. */
export interface ListedJob {
  view: JobDetail;
  /** The job's summary as JSON, as answers list it. */
  json: string;
}

/** A hub's live jobs (as liveJobsOf keeps them) with the rounds the lineage store recorded. */
export interface LiveJobsOfHub {
  jobs: readonly LiveJob[];
  /** Latest round by `liveJobKey`. */
  rounds: ReadonlyMap<string, number>;
}

const compareText = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

// Newest first: what people launched last is what they look for. RFC 3339 times of one form
// order as their characters do, without localeCompare's cost per comparison.
const newestFirst = (a: ListedJob, b: ListedJob) =>
  compareText(b.view.createdAt ?? '', a.view.createdAt ?? '');

function listedJob(view: JobDetail): ListedJob {
  return { view, json: JSON.stringify(jobSummary(view)) };
}

/**
 * Two lists sorted newest first as one, as a stable sort of `first` followed by `second`
 * would order them (on equal times, `first`'s entry comes first).
 */
function mergeNewestFirst(
  first: readonly ListedJob[],
  second: readonly ListedJob[],
): readonly ListedJob[] {
  if (second.length === 0) return first;
  const merged: ListedJob[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length && j < second.length) {
    merged.push(
      newestFirst(first[i], second[j]) <= 0 ? first[i++] : second[j++],
    );
  }
  return merged.concat(first.slice(i), second.slice(j));
}

const sameRounds = (
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
) => a.size === b.size && [...a].every(([key, round]) => b.get(key) === round);

/**
 * Job lists kept between requests: while every hub's live jobs are the very array liveJobsOf
 * kept (no change of the cache) and the rounds are the same, the sorted list is reused as it
 * is; otherwise a live job's view and JSON are derived again only when its LiveJob (a new
 * object whenever its hub objects changed) or its round is another. A request then filters
 * and pages what is kept, rather than building, sorting and serializing every job. Records
 * of jobs gone from their hubs come fresh from the database each time.
 */
export class JobListing {
  private readonly live = new DerivedByInputs<ListedJob>();
  private kept: {
    hubs: readonly LiveJobsOfHub[];
    sorted: readonly ListedJob[];
    /** `hub/name` of each live job. */
    keys: ReadonlySet<string>;
  } = { hubs: [], sorted: [], keys: new Set() };

  /**
   * Every live job, then every record whose job has no objects on its hub (a live job of
   * the same hub and name hides it), newest first.
   */
  list(
    hubs: readonly LiveJobsOfHub[],
    archived: readonly RecordedJob[],
  ): readonly ListedJob[] {
    const live = this.liveOf(hubs);
    const archivedListed = archived
      .filter(record => !live.keys.has(`${record.hub}/${record.name}`))
      .map(record => listedJob(jobView({ record })))
      .sort(newestFirst);
    return mergeNewestFirst(live.sorted, archivedListed);
  }

  private liveOf(hubs: readonly LiveJobsOfHub[]) {
    const kept = this.kept;
    if (
      kept.hubs.length === hubs.length &&
      kept.hubs.every(
        (hub, i) =>
          hub.jobs === hubs[i].jobs && sameRounds(hub.rounds, hubs[i].rounds),
      )
    ) {
      return kept;
    }
    const keys = new Set<string>();
    const entries = hubs.flatMap(({ jobs, rounds }) =>
      jobs.map(job => {
        const key = `${job.hub}/${job.name}`;
        keys.add(key);
        const latestRound = rounds.get(liveJobKey(job));
        return this.live.get(key, [job, latestRound], () =>
          listedJob(jobView({ live: job, record: { latestRound } })),
        );
      }),
    );
    this.live.keepOnly(keys);
    this.kept = { hubs, sorted: entries.sort(newestFirst), keys };
    return this.kept;
  }
}
