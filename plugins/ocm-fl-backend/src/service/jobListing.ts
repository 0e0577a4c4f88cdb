import {
  JobDetail,
  jobSummary,
  jobView,
  LiveJob,
  RecordedJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { DerivedByInputs } from './derivedByInputs';

/** A job as lists show it, with its list entry's JSON made once. */
export interface ListedJob {
  view: JobDetail;
  /** The job's summary as JSON, as answers list it. */
  json: string;
}

/** A live job with the round the lineage store recorded for it. */
export interface LiveJobWithRound {
  job: LiveJob;
  latestRound?: number;
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
): ListedJob[] {
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

/**
 * Job lists kept between requests: a live job's view and JSON are derived again only when
 * its LiveJob (a new object whenever its hub objects changed) or its recorded round is
 * another, and the live jobs' order is kept while they are the same entries. A request
 * then filters and pages what is kept, rather than building, sorting and serializing every
 * job. Records of jobs gone from their hubs come fresh from the database each time.
 */
export class JobListing {
  private readonly live = new DerivedByInputs<ListedJob>();
  private sortedLive: {
    entries: readonly ListedJob[];
    sorted: readonly ListedJob[];
  } = { entries: [], sorted: [] };

  /**
   * Every live job, then every record whose job has no objects on its hub (a live job of
   * the same hub and name hides it), newest first.
   */
  list(
    live: readonly LiveJobWithRound[],
    archived: readonly RecordedJob[],
  ): ListedJob[] {
    const liveKeys = new Set<string>();
    const entries = live.map(({ job, latestRound }) => {
      const key = `${job.hub}/${job.name}`;
      liveKeys.add(key);
      return this.live.get(key, [job, latestRound], () =>
        listedJob(jobView({ live: job, record: { latestRound } })),
      );
    });
    this.live.keepOnly(liveKeys);
    const archivedListed = archived
      .filter(record => !liveKeys.has(`${record.hub}/${record.name}`))
      .map(record => listedJob(jobView({ record })))
      .sort(newestFirst);
    return mergeNewestFirst(this.sortedLiveOf(entries), archivedListed);
  }

  private sortedLiveOf(entries: readonly ListedJob[]): readonly ListedJob[] {
    const kept = this.sortedLive;
    if (
      kept.entries.length === entries.length &&
      kept.entries.every((entry, i) => entry === entries[i])
    ) {
      return kept.sorted;
    }
    const sorted = entries.slice().sort(newestFirst);
    this.sortedLive = { entries, sorted };
    return sorted;
  }
}
