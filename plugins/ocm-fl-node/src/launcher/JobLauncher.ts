import { randomUUID } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import {
  aggregatorServicePort,
  describeJobSpecIssues,
  JobSpec,
  Manifest,
  ManagedCluster,
  ocmFlAnnotations,
  ocmFlLabels,
  OCM_FL_MANAGER,
  parseDataLocation,
  parseJobSpec,
  PlacementSelection,
  Participant,
  PLACEMENT_LABEL,
  redactSecrets,
  renderJob,
  renderPlacement,
  resolveStorageLocation,
  ModelStorageLocation,
  pvcModelUri,
  runIdProblem,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { kubernetesVersionProblem } from './clusterVersion';
import { mintPkiForJob } from '../pki/jobPki';
import { previewPlacement } from './PlacementPreview';
import { reportRetries, RetryPolicy } from '../hub/retryHubCall';
import { HubObject, HubObjects, hubErrorMessage } from './HubObjects';
import { LaunchError } from './LaunchError';

const CLUSTER_API = 'cluster.open-cluster-management.io/v1';
const PLACEMENT_API = 'cluster.open-cluster-management.io/v1beta1';
const BINDING_API = 'cluster.open-cluster-management.io/v1beta2';
const WORK_API = 'work.open-cluster-management.io/v1';
/** A syntactically valid stand-in PKI for the address-only draft, which holds no Secrets. */
const DRAFT_PKI = {
  caPem: '',
  aggregator: { certPem: '', keyPem: '' },
  clients: {},
};
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
/** Placeholder host for dry runs, where no LoadBalancer address exists yet. */
const PENDING_HOST = 'aggregator-address.pending';

/** @public */
export interface LaunchOptions {
  /** Render and validate with the hub's `dryRun=All`; change nothing. */
  dryRun?: boolean;
  /** Leave what a failed launch created, for debugging; by default it is deleted. */
  keepOnFailure?: boolean;
  /** The initiating user's entity ref. */
  createdBy?: string;
  /**
   * Identifies this launch on the hub objects. A resumed launch (a recovered scaffolder
   * task) passes the id of the first attempt, so it recognises what it created and applies
   * it all again (server-side apply changes nothing that is already right); by default a new
   * id, so objects of the same name from any other launch make the name taken.
   */
  runId?: string;
  /** Progress in words, for logs. */
  onProgress?: (message: string) => void;
}

/** @public */
export interface LaunchResult {
  job: string;
  dryRun: boolean;
  participants: string[];
  aggregatorCluster: string;
  aggregatorAddress: string;
  /** The hub objects, Secret values redacted. */
  objects: Manifest[];
}

/** @public */
export interface LauncherOptions {
  kubeConfig: KubeConfig;
  /** Hub namespace for Placements (`ocmFl.namespace`); it holds the locations' Secrets. */
  namespace: string;
  /** Name of this hub in `ocmFl.hubs`, for locations restricted to some hubs. */
  hubName?: string;
  /** Where jobs may keep models in S3 (`ocmFl.storage.locations`); a spec names one. */
  storageLocations: ModelStorageLocation[];
  waits?: { decisionsMs?: number; addressMs?: number; pollMs?: number };
  /** Client ManifestWorks applied at once. */
  concurrency?: number;
  /** How hub calls are tried again after transient failures; default DEFAULT_RETRY_POLICY. */
  retry?: RetryPolicy;
}

/**
 * The launch sequence (docs/workflow.md): validate, place, expose the aggregator, mint the
 * job's PKI, apply the works. Every step is safe to repeat (server-side apply,
 * deterministic names), so a resumed launch runs them all again; a failure deletes every
 * object of the launch, found by its run label, unless asked not to.
 *
 * @public
 */
export class JobLauncher {
  private readonly hub: HubObjects;
  private readonly waits: {
    decisionsMs: number;
    addressMs: number;
    pollMs: number;
  };
  private readonly concurrency: number;

  constructor(private readonly options: LauncherOptions) {
    this.hub = new HubObjects(options.kubeConfig, { policy: options.retry });
    this.waits = {
      decisionsMs: 30_000,
      addressMs: 120_000,
      pollMs: 250,
      ...options.waits,
    };
    this.concurrency = options.concurrency ?? 10;
  }

  async launch(
    input: unknown,
    given: LaunchOptions = {},
  ): Promise<LaunchResult> {
    // A hub that throttles or fails briefly is retried; the launch's log says so.
    return reportRetries(given.onProgress ?? (() => undefined), () =>
      this.launchReportingRetries(input, given),
    );
  }

  private async launchReportingRetries(
    input: unknown,
    given: LaunchOptions,
  ): Promise<LaunchResult> {
    const options = { ...given, runId: given.runId ?? randomUUID() };
    const badRunId = runIdProblem(options.runId);
    if (badRunId) throw new LaunchError('invalid', badRunId);
    const parsed = parseJobSpec(input);
    if (!parsed.success) {
      throw new LaunchError(
        'invalid',
        `Invalid job spec: ${describeJobSpecIssues(parsed.issues)}`,
        parsed.issues,
      );
    }
    const spec = parsed.spec;
    // Before anything is applied: a spec may only name a location this hub may use.
    const storageLocation = this.storageLocationOf(spec);
    const progress = options.onProgress ?? (() => undefined);
    try {
      await this.refuseTakenName(spec, options.runId);
      await this.preflight(spec, storageLocation);
      const participants = await this.participants(
        spec,
        storageLocation,
        options,
      );
      progress(`participants: ${participants.map(p => p.cluster).join(', ')}`);
      const address = await this.aggregatorAddress(
        spec,
        storageLocation,
        options,
      );
      progress(
        `clients will dial the aggregator at ${address.host}:${address.port}`,
      );
      const objects = await this.applyWorks(
        { spec, participants, address, storageLocation },
        options,
      );
      progress(
        `${options.dryRun ? 'validated' : 'applied'} ${
          objects.length
        } hub objects`,
      );
      return {
        job: spec.name,
        dryRun: !!options.dryRun,
        participants: participants.map(p => p.cluster),
        aggregatorCluster: spec.aggregator.cluster,
        aggregatorAddress: `${address.host}:${address.port}`,
        objects,
      };
    } catch (error) {
      const failure =
        error instanceof LaunchError
          ? error
          : new LaunchError('hub', hubErrorMessage(error));
      if (!options.dryRun && !options.keepOnFailure) {
        failure.message += describeRollback(
          spec.name,
          await this.rollback(spec.name, options.runId),
        );
      }
      throw failure;
    }
  }

  /**
   * Stops a job: its works go (workloads removed, a PVC model stays); the Placement stays,
   * marked with the time it was stopped.
   */
  async stop(job: string): Promise<string[]> {
    const works = await this.hub.list(WORK_API, 'ManifestWork', {
      labelSelector: `${ocmFlLabels.job}=${job}`,
    });
    if (
      await this.hub.get(
        PLACEMENT_API,
        'Placement',
        job,
        this.options.namespace,
      )
    ) {
      await this.hub.apply(
        {
          apiVersion: PLACEMENT_API,
          kind: 'Placement',
          metadata: {
            name: job,
            namespace: this.options.namespace,
            annotations: {
              [ocmFlAnnotations.stoppedAt]: new Date().toISOString(),
            },
          },
        },
        { fieldManager: `${OCM_FL_MANAGER}-lifecycle` },
      );
    }
    await Promise.all(
      works.map(w =>
        this.hub.delete(
          WORK_API,
          'ManifestWork',
          w.metadata!.name!,
          w.metadata!.namespace,
        ),
      ),
    );
    return works.map(w => `${w.metadata!.namespace}/${w.metadata!.name}`);
  }

  /**
   * Where a job's model stays once its works are gone: the PVC of a job with PVC storage
   * (`pvc://<cluster>/fl-<job>/<claim>`; its namespace stays with it), read from the
   * aggregator's work; undefined for S3 storage or when the work is gone.
   */
  async keptModel(job: string): Promise<string | undefined> {
    const [work] = await this.hub.list(WORK_API, 'ManifestWork', {
      labelSelector: `${ocmFlLabels.job}=${job},${ocmFlLabels.role}=aggregator`,
    });
    const spec = safeJson(work?.metadata?.annotations?.[ocmFlAnnotations.spec]);
    if (spec?.storage?.type !== 'pvc') return undefined;
    return pvcModelUri({
      name: job,
      aggregatorCluster: work.metadata!.namespace,
      runId: work.metadata!.labels?.[ocmFlLabels.run],
    });
  }

  /** Deletes every hub object of a job. */
  async delete(job: string): Promise<string[]> {
    const removed = await this.stop(job);
    if (
      await this.hub.delete(
        PLACEMENT_API,
        'Placement',
        job,
        this.options.namespace,
      )
    ) {
      removed.push(`${this.options.namespace}/${job}`);
    }
    return removed;
  }

  private storageLocationOf(spec: JobSpec): ModelStorageLocation | undefined {
    if (spec.storage.type !== 's3') return undefined;
    const resolved = resolveStorageLocation(
      spec.storage.location,
      this.options.storageLocations,
      this.options.hubName,
    );
    if ('problem' in resolved) {
      throw new LaunchError(
        'invalid',
        `Invalid job spec: ${resolved.problem}`,
        [
          {
            field: 'storage.location',
            message: resolved.problem.replace(/^storage\.location: /, ''),
          },
        ],
      );
    }
    return resolved.location;
  }

  /**
   * A job's name names its namespace on the clusters, its works and its model's folder: a
   * name whose Placement or works exist from another launch is refused, naming that job,
   * whatever its phase, before anything is applied.
   */
  private async refuseTakenName(spec: JobSpec, runId: string) {
    const [placement, works] = await Promise.all([
      this.hub.get(
        PLACEMENT_API,
        'Placement',
        spec.name,
        this.options.namespace,
      ),
      this.hub.list(WORK_API, 'ManifestWork', {
        labelSelector: `${ocmFlLabels.job}=${spec.name}`,
      }),
    ]);
    // Listed objects come without their kind.
    const others = [
      ...(placement ? [{ kind: 'Placement', object: placement }] : []),
      ...works.map(object => ({ kind: 'ManifestWork', object })),
    ].filter(
      ({ object }) => object.metadata?.labels?.[ocmFlLabels.run] !== runId,
    );
    if (others.length === 0) return;
    const { kind, object } = others[0];
    const creator = object.metadata?.annotations?.[ocmFlAnnotations.createdBy];
    const details = [
      `its ${kind} ${object.metadata?.namespace}/${object.metadata?.name}${
        others.length > 1 ? ` and ${others.length - 1} more objects` : ''
      }`,
      creator && `launched by ${creator}`,
    ].filter(Boolean);
    throw new LaunchError(
      'unsatisfiable',
      `name: a job named ${spec.name} already exists on the hub (${details.join(
        ', ',
      )}); choose another name, or delete that job first (Delete on its page, or ocm-fl delete ${
        spec.name
      })`,
    );
  }

  private async preflight(
    spec: JobSpec,
    storageLocation: ModelStorageLocation | undefined,
  ) {
    const aggregator = await this.hub.get(
      CLUSTER_API,
      'ManagedCluster',
      spec.aggregator.cluster,
    );
    if (!aggregator) {
      throw new LaunchError(
        'unsatisfiable',
        `aggregator.cluster: ManagedCluster ${spec.aggregator.cluster} does not exist on the hub`,
      );
    }
    if (!isAvailable(aggregator)) {
      throw new LaunchError(
        'unsatisfiable',
        `aggregator.cluster: ${spec.aggregator.cluster} is not available`,
      );
    }
    this.refuseOldClusters(spec, storageLocation, [aggregator], []);
    if ('placement' in spec.clients) {
      const bindings = await this.hub.list(
        BINDING_API,
        'ManagedClusterSetBinding',
        { namespace: this.options.namespace },
      );
      const bound = new Set(bindings.map(b => b.spec?.clusterSet));
      const missing = (spec.clients.placement.clusterSets ?? []).filter(
        set => !bound.has(set),
      );
      if (missing.length > 0) {
        throw new LaunchError(
          'unsatisfiable',
          `clients.placement.clusterSets: namespace ${
            this.options.namespace
          } has no ManagedClusterSetBinding for ${missing.join(
            ', ',
          )}; ask the platform team to bind ${
            missing.length > 1 ? 'them' : 'it'
          }`,
        );
      }
      if (bound.size === 0) {
        throw new LaunchError(
          'unsatisfiable',
          `namespace ${this.options.namespace} has no ManagedClusterSetBinding, so no cluster can be placed`,
        );
      }
    }
    if (storageLocation?.credentialsSecret) {
      await this.locationSecretData(
        storageLocation,
        storageLocation.credentialsSecret,
      );
    }
  }

  /** The data of the location's Secret, the only Secret a launch ever copies. */
  private async locationSecretData(
    location: ModelStorageLocation,
    secretName: string,
  ): Promise<Record<string, string>> {
    const secret = await this.hub.get(
      'v1',
      'Secret',
      secretName,
      this.options.namespace,
    );
    if (!secret) {
      throw new LaunchError(
        'unsatisfiable',
        `storage.location: location ${location.name} uses Secret ${secretName}, which does not exist in hub namespace ${this.options.namespace}; ask the platform team to create it`,
      );
    }
    return secret.data ?? {};
  }

  private async participants(
    spec: JobSpec,
    storageLocation: ModelStorageLocation | undefined,
    options: LaunchOptions,
  ): Promise<Participant[]> {
    let clusters: ManagedCluster[];
    if ('placement' in spec.clients) {
      clusters = await this.placedClusters(spec, options);
    } else {
      clusters = [];
      for (const name of spec.clients.clusters) {
        const cluster = await this.hub.get(CLUSTER_API, 'ManagedCluster', name);
        if (!cluster)
          throw new LaunchError(
            'unsatisfiable',
            `clients.clusters: ManagedCluster ${name} does not exist on the hub`,
          );
        if (!isAvailable(cluster))
          throw new LaunchError(
            'unsatisfiable',
            `clients.clusters: ${name} is not available`,
          );
        clusters.push(cluster as unknown as ManagedCluster);
      }
    }
    const clients = clusters.filter(
      c => c.metadata.name !== spec.aggregator.cluster,
    );
    if (clients.length < spec.minClients) {
      throw new LaunchError(
        'unsatisfiable',
        `${clients.length} of ${spec.minClients} required client clusters${
          clients.length < clusters.length
            ? ' (the aggregator cluster is not a client)'
            : ''
        }: ${clients.map(c => c.metadata.name).join(', ') || 'none'}`,
      );
    }
    const participants = clients.map(cluster => ({
      cluster: cluster.metadata.name,
      data: dataOf(spec, cluster),
    }));
    this.refuseOldClusters(spec, storageLocation, clients, participants);
    return participants;
  }

  /**
   * Refuses a cluster whose Kubernetes is too old for the pods its work would run (native
   * sidecars need 1.29), from the works rendered with a stand-in address and without TLS,
   * which change nothing in the pods' structure.
   */
  private refuseOldClusters(
    spec: JobSpec,
    storageLocation: ModelStorageLocation | undefined,
    clusters: Array<HubObject | ManagedCluster>,
    participants: Participant[],
  ) {
    const rendered = renderJob({
      spec: { ...spec, tls: { ...spec.tls, enabled: false } },
      namespace: this.options.namespace,
      participants,
      aggregatorAddress: {
        host: PENDING_HOST,
        port: aggregatorServicePort(spec),
      },
      storageLocation,
    });
    for (const cluster of clusters) {
      const name = cluster.metadata!.name!;
      const role = name === spec.aggregator.cluster ? 'aggregator' : 'client';
      const work =
        role === 'aggregator'
          ? rendered.aggregatorWork
          : rendered.clientWorks.find(w => w.metadata.namespace === name);
      const problem =
        work &&
        kubernetesVersionProblem(
          {
            name,
            kubernetesVersion: (cluster as ManagedCluster).status?.version
              ?.kubernetes,
          },
          work,
        );
      if (problem)
        throw new LaunchError(
          'unsatisfiable',
          role === 'aggregator'
            ? `aggregator.cluster: ${problem}; choose an aggregator cluster that runs it`
            : `clients: ${problem}; keep that cluster out of the job`,
        );
    }
  }

  /** Applies the Placement and waits (bounded) for its decisions; a dry run previews them. */
  private async placedClusters(
    spec: JobSpec,
    options: LaunchOptions,
  ): Promise<ManagedCluster[]> {
    const placement = renderPlacement({
      spec,
      namespace: this.options.namespace,
      createdBy: options.createdBy,
      runId: options.runId,
    })!;
    const all = (await this.hub.list(
      CLUSTER_API,
      'ManagedCluster',
    )) as unknown as ManagedCluster[];
    const preview = () =>
      previewPlacement({
        kubeConfig: this.options.kubeConfig,
        namespace: this.options.namespace,
        selection: (spec.clients as { placement: PlacementSelection })
          .placement,
        name: spec.name,
      });
    if (options.dryRun) {
      await this.hub.apply(placement as HubObject, { dryRun: true });
      const result = await preview();
      return all.filter(c => result.selected.includes(c.metadata.name));
    }
    await this.hub.apply(placement as HubObject);
    const deadline = Date.now() + this.waits.decisionsMs;
    for (;;) {
      const current = await this.hub.get(
        PLACEMENT_API,
        'Placement',
        spec.name,
        this.options.namespace,
      );
      const satisfied = current?.status?.conditions?.find(
        (c: any) => c.type === 'PlacementSatisfied',
      );
      const fresh =
        satisfied &&
        (satisfied.observedGeneration === undefined ||
          satisfied.observedGeneration === current?.metadata?.generation);
      if (fresh) {
        const decisions = await this.hub.list(
          PLACEMENT_API,
          'PlacementDecision',
          {
            namespace: this.options.namespace,
            labelSelector: `${PLACEMENT_LABEL}=${spec.name}`,
          },
        );
        const names = new Set(
          decisions.flatMap(d =>
            (d.status?.decisions ?? []).map((x: any) => x.clusterName),
          ),
        );
        const chosen = all.filter(c => names.has(c.metadata.name));
        if (
          chosen.filter(c => c.metadata.name !== spec.aggregator.cluster)
            .length >= spec.minClients
        )
          return chosen;
        const why = (await preview()).verdicts
          .filter(v => !v.selected)
          .map(v => `${v.clusterName}: ${v.reason}`);
        throw new LaunchError(
          'unsatisfiable',
          `${chosen.length} of ${
            spec.minClients
          } required clusters match the placement (${satisfied.reason}: ${
            satisfied.message
          })${why.length ? `; ${why.slice(0, 8).join('; ')}` : ''}`,
        );
      }
      if (Date.now() > deadline) {
        throw new LaunchError(
          'timeout',
          `the hub made no placement decision for ${spec.name} within ${
            this.waits.decisionsMs / 1000
          } s: is OCM's placement controller running?`,
        );
      }
      await sleep(this.waits.pollMs);
    }
  }

  /**
   * The address clients dial: the configured NodePort address, or the LoadBalancer address
   * the aggregator cluster reports back through status feedback.
   */
  private async aggregatorAddress(
    spec: JobSpec,
    storageLocation: ModelStorageLocation | undefined,
    options: LaunchOptions,
  ) {
    const exposure = spec.aggregator.exposure;
    const servicePort = aggregatorServicePort(spec);
    if (exposure.type === 'NodePort')
      return { host: exposure.address, port: exposure.nodePort };
    if (options.dryRun) return { host: PENDING_HOST, port: servicePort };

    // Apply the aggregator's work with just its namespace and Service, to learn the address
    // before minting a certificate for it; the full work replaces it right after.
    const draft = renderJob({
      spec,
      namespace: this.options.namespace,
      participants: [],
      aggregatorAddress: { host: PENDING_HOST, port: servicePort },
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
    await this.hub.apply(work);
    const deadline = Date.now() + this.waits.addressMs;
    for (;;) {
      const current = await this.hub.get(
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
            this.waits.addressMs / 1000
          } s; use aggregator.exposure NodePort where no load balancer exists`,
        );
      }
      await sleep(this.waits.pollMs);
    }
  }

  /** Mints the PKI, renders and applies the works, in one step so that keys stay in memory. */
  private async applyWorks(
    job: {
      spec: JobSpec;
      participants: Participant[];
      address: { host: string; port: number };
      storageLocation: ModelStorageLocation | undefined;
    },
    options: LaunchOptions,
  ): Promise<Manifest[]> {
    const { spec, participants, address, storageLocation } = job;
    const pki = await mintPkiForJob(
      spec,
      address.host,
      participants.map(p => p.cluster),
    );
    const s3CredentialsData = storageLocation?.credentialsSecret
      ? await this.locationSecretData(
          storageLocation,
          storageLocation.credentialsSecret,
        )
      : undefined;
    const rendered = renderJob({
      spec,
      namespace: this.options.namespace,
      participants,
      aggregatorAddress: address,
      pki,
      storageLocation,
      s3CredentialsData,
      createdBy: options.createdBy,
      runId: options.runId,
    });
    const works = [
      rendered.aggregatorWork,
      ...rendered.clientWorks,
    ] as HubObject[];
    if (options.dryRun) {
      await forEachLimited(works, this.concurrency, w =>
        this.hub.apply(w, { dryRun: true }),
      );
    } else {
      await this.hub.apply(works[0]);
      await forEachLimited(works.slice(1), this.concurrency, w =>
        this.hub.apply(w),
      );
    }
    return [
      ...(rendered.placement ? [rendered.placement] : []),
      ...(works as Manifest[]),
    ].map(redactSecrets);
  }

  /**
   * Deletes every object of this launch, found on the hub by its run label rather than by
   * what the launcher saw succeed: an apply whose answer was lost may still have created
   * its object. Works go first, then the Placement.
   */
  private async rollback(job: string, runId: string): Promise<Rollback> {
    const labelSelector = `${ocmFlLabels.job}=${job},${ocmFlLabels.run}=${runId}`;
    const result: Rollback = { deleted: 0, left: [] };
    for (const [apiVersion, kind, namespace] of [
      [WORK_API, 'ManifestWork', undefined],
      [PLACEMENT_API, 'Placement', this.options.namespace],
    ] as const) {
      let objects: HubObject[];
      try {
        objects = await this.hub.list(apiVersion, kind, {
          namespace,
          labelSelector,
        });
      } catch (error) {
        result.left.push(`its ${kind}s (${hubErrorMessage(error)})`);
        continue;
      }
      await forEachLimited(objects, this.concurrency, async object => {
        const { name, namespace: at } = object.metadata as {
          name: string;
          namespace: string;
        };
        try {
          // Already being deleted counts as deleted: its finalizers finish the job.
          if (
            object.metadata?.deletionTimestamp ||
            (await this.hub.delete(apiVersion, kind, name, at))
          )
            result.deleted++;
        } catch (error) {
          result.left.push(`${kind} ${at}/${name} (${hubErrorMessage(error)})`);
        }
      });
    }
    return result;
  }
}

interface Rollback {
  deleted: number;
  /** What could not be deleted, each with the hub's answer. */
  left: string[];
}

/** Says exactly what a rollback did, and how to finish one that could not delete everything. */
function describeRollback(job: string, rollback: Rollback): string {
  const deleted = `deleted ${rollback.deleted} object${
    rollback.deleted === 1 ? '' : 's'
  } this launch created`;
  if (rollback.left.length === 0)
    return rollback.deleted === 0 ? '' : ` (rolled back: ${deleted})`;
  return ` (rollback incomplete: ${deleted}, but not ${rollback.left.join(
    ', ',
  )}; finish with: ocm-fl delete ${job})`;
}

function safeJson(text: string | undefined): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function isAvailable(cluster: HubObject | ManagedCluster): boolean {
  return (
    (cluster as any).status?.conditions?.some(
      (c: any) =>
        c.type === 'ManagedClusterConditionAvailable' && c.status === 'True',
    ) ?? false
  );
}

/** Where a participant's data is: the claim's value is a host path ("/...") or a PVC name. */
function dataOf(spec: JobSpec, cluster: ManagedCluster): Participant['data'] {
  const data = spec.data;
  if (data.type === 'hostPath') return { hostPath: data.path };
  if (data.type === 'pvc') return { claimName: data.claimName };
  const value = cluster.status?.clusterClaims?.find(
    c => c.name === data.claim,
  )?.value;
  if (!value) {
    throw new LaunchError(
      'unsatisfiable',
      `data.claim: cluster ${cluster.metadata.name} has no ClusterClaim ${data.claim} naming its data`,
    );
  }
  const location = parseDataLocation(value);
  if (!location.success) {
    throw new LaunchError(
      'unsatisfiable',
      `data.claim: the ClusterClaim ${data.claim} of cluster ${cluster.metadata.name} must be a host path or PVC name: ${location.message}`,
    );
  }
  return location.data;
}

/**
 * Runs `fn` over the items, at most `limit` at once. Every started call settles before the
 * first error is thrown, so that a rollback sees everything that was created.
 */
async function forEachLimited<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<unknown>,
) {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length && errors.length === 0) {
      const item = items[next++];
      await fn(item).catch(error => errors.push(error));
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  if (errors.length > 0) throw errors[0];
}
