import { JobSpec } from '../job/jobSpec';

export const MODEL_DIR = '/models';

/** The app contract (documented for app authors). */
export function appEnv(spec: JobSpec) {
  return [
    { name: 'FL_JOB', value: spec.name },
    { name: 'FL_ROUNDS', value: String(spec.rounds) },
    { name: 'FL_MODEL_DIR', value: MODEL_DIR },
  ];
}

/**
 * The time limit of a job's Jobs (`activeDeadlineSeconds`): half an hour to start (images,
 * the aggregator, the first clients) and an hour per round on average, so that a pod that can
 * never start (a missing Secret or PVC) fails the job instead of keeping it running.
 * Documented for app authors in docs/operating/app-images.md.
 */
export function trainingDeadlineSeconds(spec: JobSpec): number {
  return 1800 + spec.rounds * 3600;
}
