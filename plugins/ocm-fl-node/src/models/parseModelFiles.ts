// A type, not an interface: the backend's router checks REST answers against openapi.yaml.
/** One round's metrics, as the app writes them to `metrics.jsonl`. @public */
export type RoundMetrics = {
  round: number;
  metrics: Record<string, number>;
};

/** What a job's model location holds (the app contract, docs/operating/app-images.md). @public */
export interface ModelArtifacts {
  /** e.g. s3://models/federated-learning/mnist/ */
  location: string;
  /** Rounds with a checkpoint, ascending. */
  checkpoints: number[];
  /** Metrics per round, ascending, from metrics.jsonl. */
  metrics: RoundMetrics[];
  /** Lines of metrics.jsonl that could not be read, with the reason. */
  badLines: string[];
  /** Final model files present (best.pbuf, last.pbuf, model/...). */
  files: string[];
  /** The highest round seen in checkpoints or metrics. */
  latestRound: number;
}

/**
 * Reads a job's model files: checkpoint rounds from `checkpoints/round-<r>/...` or names
 * with `round_<r>`, metrics from `metrics.jsonl` (`{"round": r, "metrics": {...}}` a line).
 * Pure: the keys are relative to the job's prefix.
 *
 * @public
 */
export function parseModelFiles(
  location: string,
  keys: string[],
  metricsText?: string,
): ModelArtifacts {
  const checkpoints = new Set<number>();
  for (const key of keys) {
    const match = /(?:^checkpoints\/round-(\d+)\/)|(?:round_(\d+))/.exec(key);
    if (match) checkpoints.add(Number(match[1] ?? match[2]));
  }
  const metrics: RoundMetrics[] = [];
  const badLines: string[] = [];
  (metricsText ?? '').split('\n').forEach((line, index) => {
    if (!line.trim()) return;
    try {
      const parsed = JSON.parse(line);
      if (
        !Number.isInteger(parsed.round) ||
        typeof parsed.metrics !== 'object' ||
        parsed.metrics === null
      ) {
        throw new Error('needs an integer "round" and an object "metrics"');
      }
      const numeric = Object.fromEntries(
        Object.entries(parsed.metrics).filter(([, v]) => typeof v === 'number'),
      ) as Record<string, number>;
      metrics.push({ round: parsed.round, metrics: numeric });
    } catch (error) {
      badLines.push(`line ${index + 1}: ${(error as Error).message}`);
    }
  });
  metrics.sort((a, b) => a.round - b.round);
  const files = keys.filter(k => /^(best|last)\.pbuf$|^model\//.test(k)).sort();
  const latestRound = Math.max(0, ...checkpoints, ...metrics.map(m => m.round));
  return {
    location,
    checkpoints: [...checkpoints].sort((a, b) => a - b),
    metrics,
    badLines,
    files,
    latestRound,
  };
}

/**
 * What a succeeded job's model location still lacks by the app contract: the final model
 * files of its framework, and a checkpoint or metrics for every round. Empty when complete.
 * The uploader syncs every 30 s while the job runs, so a job can succeed before its last
 * files reach S3; its model version waits for them.
 *
 * @public
 */
export function missingFinalFiles(
  artifacts: Pick<ModelArtifacts, 'files' | 'latestRound'>,
  job: { framework: string; rounds: number },
): string[] {
  const hasFlowerModel = artifacts.files.some(f => f.startsWith('model/'));
  const finals =
    job.framework === 'openfl'
      ? ['best.pbuf', 'last.pbuf'].filter(f => !artifacts.files.includes(f))
      : ['model/...'].filter(() => !hasFlowerModel);
  return [
    ...finals,
    ...(artifacts.latestRound < job.rounds
      ? [`round ${job.rounds} (the files show round ${artifacts.latestRound})`]
      : []),
  ];
}
