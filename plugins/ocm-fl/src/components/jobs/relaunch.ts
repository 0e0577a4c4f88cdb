/**
 * The form values of the federated training templates (the scaffolder module's
 * templates/<framework>/template.yaml) that reproduce a job spec, for relaunching a job
 * through its template.
 */
export function relaunchFormData(
  spec: Record<string, any>,
  /** A name no job holds (freeJobName): the job's own is taken. */
  name: string,
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    name,
    image: spec.image,
    rounds: spec.rounds,
    minClients: spec.minClients,
    placement: spec.clients?.placement,
    dataClaim: spec.data?.type === 'clusterClaim' ? spec.data.claim : undefined,
    aggregatorCluster: spec.aggregator?.cluster,
    storage: spec.storage,
  };
  if (spec.framework === 'flower') {
    values.learningRate = spec.runConfig?.['learning-rate'];
  } else {
    values.dbStoreRounds =
      spec.planOverrides?.aggregator?.settings?.db_store_rounds;
  }
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  );
}

const MAX_JOB_NAME = 40;

/** `mnist` -> `mnist-r2`, `mnist-r2` -> `mnist-r3`, within the 40 characters a job name may have. */
export function nextJobName(name: string): string {
  const match = /^(.*)-r(\d+)$/.exec(name);
  const base = match ? match[1] : name;
  const suffix = `-r${match ? Number(match[2]) + 1 : 2}`;
  return `${base
    .slice(0, MAX_JOB_NAME - suffix.length)
    .replace(/-+$/, '')}${suffix}`;
}

/**
 * The first of `name`'s successors (`mnist-r2`, `mnist-r3`, ...) that no job holds, on a hub or
 * in the lineage: a name that is taken is refused at launch.
 */
export async function freeJobName(
  name: string,
  isTaken: (candidate: string) => Promise<boolean>,
  tries = 20,
): Promise<string> {
  let candidate = nextJobName(name);
  for (let i = 1; i < tries && (await isTaken(candidate)); i++) {
    candidate = nextJobName(candidate);
  }
  return candidate;
}

/** The template a job's framework is launched with. */
export function templateNameFor(framework: string): string {
  return `federated-learning-${framework}`;
}
