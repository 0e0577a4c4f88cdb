import {
  aggregatorServicePort,
  JobSpec,
  Manifest,
  ModelStorageLocation,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { WORK_API } from './hubApiVersions';
import { HubObject } from './HubObjects';
import { LaunchContext, PENDING_HOST, sleep } from './launchContext';
import { LaunchError } from './LaunchError';
import { LaunchOptions } from './launchOptions';

/** A syntactically valid stand-in PKI for the address-only draft, which holds no Secrets. */
const DRAFT_PKI = {
  caPem: '',
  aggregator: { certPem: '', keyPem: '' },
  clients: {},
};

/**
 * The aggregator's work with just its namespace and the Service clients dial, and only that
 * Service's status feedback: applied first to learn the address before a certificate is
 * minted for it; the full work replaces it right after.
 */
export function aggregatorAddressDraft(
  spec: JobSpec,
  namespace: string,
  storageLocation: ModelStorageLocation | undefined,
  options: Pick<LaunchOptions, 'createdBy' | 'runId'>,
): HubObject {
  const draft = renderJob({
    spec,
    namespace,
    participants: [],
    aggregatorAddress: {
      host: PENDING_HOST,
      port: aggregatorServicePort(spec),
    },
    pki: spec.tls.enabled ? DRAFT_PKI : undefined,
    storageLocation,
    // The lifecycle may record the job from this draft: it must name the creator too.
    createdBy: options.createdBy,
    runId: options.runId,
  });
  const work = draft.aggregatorWork as HubObject;
  const serviceName =
    spec.framework === 'flower' ? 'superlink-fleet' : 'aggregator';
  work.spec.workload.manifests = work.spec.workload.manifests.filter(
    (m: Manifest) =>
      m.kind === 'Namespace' ||
      (m.kind === 'Service' && m.metadata.name === serviceName),
  );
  work.spec.manifestConfigs = work.spec.manifestConfigs.filter(
    (c: any) => c.resourceIdentifier.name === serviceName,
  );
  return work;
}

/**
 * The address clients dial: the configured NodePort address, or the LoadBalancer address
 * the aggregator cluster reports back through status feedback.
 */
export async function aggregatorAddress(
  context: Pick<LaunchContext, 'hub' | 'namespace' | 'waits'>,
  spec: JobSpec,
  storageLocation: ModelStorageLocation | undefined,
  options: LaunchOptions,
): Promise<{ host: string; port: number }> {
  const exposure = spec.aggregator.exposure;
  const servicePort = aggregatorServicePort(spec);
  if (exposure.type === 'NodePort')
    return { host: exposure.address, port: exposure.nodePort };
  if (options.dryRun) return { host: PENDING_HOST, port: servicePort };

  const { hub, waits } = context;
  const work = aggregatorAddressDraft(
    spec,
    context.namespace,
    storageLocation,
    options,
  );
  await hub.apply(work);
  const deadline = Date.now() + waits.addressMs;
  for (;;) {
    const current = await hub.get(
      WORK_API,
      'ManifestWork',
      work.metadata!.name!,
      spec.aggregator.cluster,
    );
    const values = (current?.status?.resourceStatus?.manifests ?? [])
      .flatMap((m: any) => m.statusFeedback?.values ?? [])
      .filter((v: any) => v.name === 'ip' || v.name === 'hostname');
    const host = values.map((v: any) => v.fieldValue?.string).find(Boolean);
    if (host) return { host, port: servicePort };
    if (Date.now() > deadline) {
      throw new LaunchError(
        'timeout',
        `the aggregator's LoadBalancer on ${
          spec.aggregator.cluster
        } got no address within ${
          waits.addressMs / 1000
        } s; use aggregator.exposure NodePort where no load balancer exists`,
      );
    }
    await sleep(waits.pollMs);
  }
}
