import { JobSpec } from '../job/jobSpec';
import { OCM_FL_MANAGER, ocmFlAnnotations, ocmFlLabels } from '../labels';
import { Manifest, RenderInput } from './types';

export const jobNamespace = (spec: JobSpec) => `fl-${spec.name}`;

export function jobLabels(
  spec: JobSpec,
  role: 'aggregator' | 'client',
): Record<string, string> {
  return {
    [ocmFlLabels.job]: spec.name,
    [ocmFlLabels.role]: role,
    [ocmFlLabels.managedBy]: OCM_FL_MANAGER,
  };
}

/** Labels of the hub objects themselves (Placement, works): the job's, and its launch's. */
export function hubObjectLabels(
  input: Pick<RenderInput, 'spec' | 'runId'>,
  role: 'aggregator' | 'client',
): Record<string, string> {
  return {
    ...jobLabels(input.spec, role),
    ...(input.runId ? { [ocmFlLabels.run]: input.runId } : {}),
  };
}

export function jobAnnotations(
  input: Pick<RenderInput, 'spec' | 'createdBy'>,
): Record<string, string> {
  return {
    [ocmFlAnnotations.spec]: JSON.stringify(input.spec),
    ...(input.createdBy
      ? { [ocmFlAnnotations.createdBy]: input.createdBy }
      : {}),
  };
}

export function meta(
  name: string,
  spec: JobSpec,
  role: 'aggregator' | 'client',
  extra: Partial<Manifest['metadata']> = {},
) {
  return {
    name,
    namespace: jobNamespace(spec),
    labels: jobLabels(spec, role),
    ...extra,
  };
}
