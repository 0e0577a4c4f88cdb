import { z } from 'zod';
import {
  baseModelReference,
  celExpression,
  cleanAbsolutePath,
  hostName,
  imageReference,
  runConfigKey,
  runConfigValue,
} from './fieldRules';
import { FRAMEWORK_NAMES, FRAMEWORKS, frameworkVersions } from './frameworks';
import {
  dnsLabel,
  dnsSubdomain,
  labelValue,
  qualifiedName,
} from './kubernetesNames';
import { planOverridesSchema } from './planOverrides';
import { fieldPath, JobSpecIssue, specIssuesOf } from './specIssues';
import { jsonBytes, MAX_SPEC_BYTES } from './specSize';

const unknownFieldMessage = (allowed: string[]) =>
  `is not a known field; allowed here: ${allowed.join(', ')}`;

/** A strict object whose unknown keys are refused with the list of fields allowed there. */
function fields<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? unknownFieldMessage(Object.keys(shape))
        : undefined,
  });
}

/**
 * A job's name becomes `<name>-aggregator`, `fl-<name>` and `<name>-decision-<n>`, so it
 * is a DNS-1123 label short enough to leave room for those suffixes.
 */
const jobName = z
  .string()
  .max(40, {
    abort: true,
    message:
      'must be at most 40 characters (names derived from it get suffixes)',
  })
  .regex(
    /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    'must start with a letter and hold only lower-case letters, digits and "-" (DNS-1123 label)',
  );

/** The name of an object such as a PVC, Secret or storage class. */
const k8sName = dnsSubdomain('a Kubernetes name');
/** A managed cluster's name is also its namespace on the hub. */
const clusterName = dnsLabel('a managed cluster name');
/** A ManagedClusterSet's name is also a label value on its clusters. */
const clusterSetName = dnsSubdomain('a cluster set name', 63);
/** ClusterClaims are cluster-scoped objects named by DNS subdomains. */
const claimName = dnsSubdomain('a ClusterClaim name');

const quantity = z
  .string()
  .max(32, {
    abort: true,
    message: 'must be a quantity of at most 32 characters',
  })
  .regex(
    /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/,
    'must be a Kubernetes quantity such as "500m", "2" or "4Gi"',
  );

const resources = fields({
  cpu: quantity.default('1'),
  memory: quantity.default('2Gi'),
  gpu: z.number().int().min(0).max(16).default(0),
}).default({ cpu: '1', memory: '2Gi', gpu: 0 });

const requirement = (key: z.ZodType<string>) =>
  fields({
    key,
    operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
    values: z.array(labelValue).max(50).optional(),
  });

const selector = fields({
  matchLabels: z
    .record(qualifiedName, labelValue)
    .refine(
      labels => Object.keys(labels).length <= 50,
      'must have at most 50 labels',
    )
    .optional(),
  matchExpressions: z.array(requirement(qualifiedName)).max(20).optional(),
});

const placementSelection = fields({
  clusterSets: z.array(clusterSetName).max(20).optional(),
  /** ORed; inside one, label, claim and CEL selectors are ANDed (OCM semantics). */
  predicates: z
    .array(
      fields({
        labelSelector: selector.optional(),
        claimSelector: fields({
          matchExpressions: z.array(requirement(claimName)).max(20),
        }).optional(),
        celExpressions: z.array(celExpression).max(10).optional(),
      }),
    )
    .max(10)
    .optional(),
  numberOfClusters: z.number().int().min(1).max(1000).optional(),
  prioritizers: z
    .array(
      fields({
        builtIn: z.enum([
          'Balance',
          'Steady',
          'ResourceAllocatableCPU',
          'ResourceAllocatableMemory',
        ]),
        weight: z.number().int().min(-10).max(10).default(1),
      }),
    )
    .max(4)
    .optional(),
  tolerations: z
    .array(
      fields({
        key: qualifiedName.optional(),
        operator: z.enum(['Exists', 'Equal']).default('Equal'),
        value: labelValue.optional(),
        effect: z
          .enum(['NoSelect', 'PreferNoSelect', 'NoSelectIfNew'])
          .optional(),
        tolerationSeconds: z
          .number()
          .int()
          .min(0)
          .max(365 * 24 * 3600)
          .optional(),
      }),
    )
    .max(10)
    .optional(),
});

/** The `clients.placement` part of a job spec, for previews. @public */
export const placementSelectionSchema = placementSelection;

const clusterList = z
  .array(clusterName)
  .min(1)
  .max(1000)
  .refine(c => new Set(c).size === c.length, 'must not name a cluster twice');

/**
 * Either a placement or a fixed list. One object with a check, rather than a union, so that
 * a mistake inside either is reported at its field rather than as "no variant matched".
 */
const clients = fields({
  placement: placementSelection.optional(),
  clusters: clusterList.optional(),
})
  .superRefine((value, ctx) => {
    if ((value.placement === undefined) === (value.clusters === undefined))
      ctx.addIssue({
        code: 'custom',
        message:
          'give either `placement` (OCM picks the clusters) or `clusters` (a fixed list), not both',
      });
  })
  .transform(
    (
      value,
    ):
      | { placement: z.output<typeof placementSelection> }
      | { clusters: string[] } =>
      value.placement !== undefined
        ? { placement: value.placement }
        : { clusters: value.clusters! },
  );

/** Where the app finds the data; `/data` when left out. */
const mountPath = cleanAbsolutePath.optional();

const dataSource = z.discriminatedUnion('type', [
  fields({ type: z.literal('clusterClaim'), claim: claimName, mountPath }),
  fields({ type: z.literal('pvc'), claimName: k8sName, mountPath }),
  fields({ type: z.literal('hostPath'), path: cleanAbsolutePath, mountPath }),
]);

/**
 * S3 storage names a location that the platform team configured (`ocmFl.storage.locations`):
 * bucket, prefix, endpoint, credentials and uploader image come from there, never from a spec.
 */
const s3Storage = z.strictObject({
  type: z.literal('s3'),
  location: z
    .string()
    .regex(
      /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
      'must name a configured model storage location (a DNS-1123 label such as "models")',
    ),
});

const pvcStorage = z.strictObject({
  type: z.literal('pvc'),
  size: quantity.default('10Gi'),
  storageClassName: k8sName.optional(),
});

/** @public */
export const jobSpecSchema = z
  .strictObject({
    name: jobName,
    framework: z.enum(FRAMEWORK_NAMES),
    /** Defaults to the framework's pinned version. */
    frameworkVersion: z.string().max(32).optional(),
    /** The app image: Flower built FROM flwr/superexec, OpenFL a workspace image. */
    image: imageReference,
    rounds: z
      .number()
      .int()
      .min(1, 'must be at least 1')
      .max(10_000, 'must be at most 10000'),
    minClients: z.number().int().min(1).max(1000).default(2),
    /** Flower run-config values (`--run-config "k=v ..."`). */
    runConfig: z
      .record(runConfigKey, runConfigValue)
      .refine(
        config => Object.keys(config).length <= 50,
        'must have at most 50 keys',
      )
      .default({}),
    /** OpenFL plan overrides, merged into the rendered plan.yaml. */
    planOverrides: planOverridesSchema.default({}),
    clients,
    data: dataSource,
    resources: fields({ client: resources, aggregator: resources }).default({
      client: { cpu: '1', memory: '2Gi', gpu: 0 },
      aggregator: { cpu: '1', memory: '2Gi', gpu: 0 },
    }),
    aggregator: fields({
      /** The cluster that runs the aggregator; it holds no training data. */
      cluster: clusterName,
      exposure: z
        .discriminatedUnion('type', [
          fields({ type: z.literal('LoadBalancer') }),
          fields({
            type: z.literal('NodePort'),
            /** Host name or IP that clients dial; it must reach a node of the aggregator cluster. */
            address: hostName,
            nodePort: z.number().int().min(30000).max(32767),
          }),
        ])
        .default({ type: 'LoadBalancer' }),
    }),
    storage: z.discriminatedUnion('type', [s3Storage, pvcStorage]),
    tls: z
      .strictObject({ enabled: z.boolean().default(true) })
      .default({ enabled: true }),
    /**
     * The model this job trains a version of; each succeeded job is one version of it.
     * Defaults to the job's name.
     */
    model: z
      .string()
      .max(63, { abort: true, message: 'must be at most 63 characters' })
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
        'must be a DNS-1123 label (lower-case letters, digits and "-"); it names the catalog entity',
      )
      .optional(),
    /** Where the run starts from, for lineage: an entity ref or an S3 URI. */
    baseModel: baseModelReference.optional(),
    /** Seconds after the job finishes before its workloads are removed (the model stays). */
    ttlSecondsAfterFinished: z
      .number()
      .int()
      .min(0)
      .max(30 * 24 * 3600)
      .optional(),
  })
  .superRefine((spec, ctx) => {
    const versions = frameworkVersions(spec.framework);
    if (
      spec.frameworkVersion !== undefined &&
      !versions.includes(spec.frameworkVersion)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['frameworkVersion'],
        message: `${spec.framework} ${
          spec.frameworkVersion
        } is not supported; supported: ${versions.join(', ')}`,
      });
    }
    // Each framework reads only its own settings; the other's would be silently ignored.
    if (spec.framework === 'flower' && Object.keys(spec.planOverrides).length)
      ctx.addIssue({
        code: 'custom',
        path: ['planOverrides'],
        message: 'applies to OpenFL jobs only; Flower takes runConfig',
      });
    if (spec.framework === 'openfl' && Object.keys(spec.runConfig).length)
      ctx.addIssue({
        code: 'custom',
        path: ['runConfig'],
        message: 'applies to Flower jobs only; OpenFL takes planOverrides',
      });
    if (
      'clusters' in spec.clients &&
      spec.clients.clusters.length < spec.minClients
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['clients', 'clusters'],
        message: `names ${spec.clients.clusters.length} clusters but minClients is ${spec.minClients}`,
      });
    }
    if (
      'placement' in spec.clients &&
      (spec.clients.placement.numberOfClusters ?? Infinity) < spec.minClients
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['clients', 'placement', 'numberOfClusters'],
        message: `is below minClients (${spec.minClients})`,
      });
    }
    if (spec.framework === 'openfl') openflClientRules(spec, ctx);
  })
  .transform(spec => ({
    ...spec,
    frameworkVersion:
      spec.frameworkVersion ?? FRAMEWORKS[spec.framework].defaultVersion,
    clients: openflClients(spec),
    model: spec.model ?? spec.name,
  }));

/**
 * OpenFL trains with every collaborator of its list and waits for all of them (see
 * render/openfl.ts): an OpenFL job has exactly minClients clients. More would not make a
 * job that goes on when some are lost; it would wait for them forever.
 */
function openflClientRules(
  spec: { minClients: number; clients: z.output<typeof clients> },
  ctx: z.RefinementCtx,
) {
  const why = `OpenFL waits for every collaborator it lists, so an OpenFL job has exactly minClients (${spec.minClients}) clients`;
  if (
    'clusters' in spec.clients &&
    spec.clients.clusters.length > spec.minClients
  )
    ctx.addIssue({
      code: 'custom',
      path: ['clients', 'clusters'],
      message: `names ${spec.clients.clusters.length} clusters: ${why}`,
    });
  const placed =
    'placement' in spec.clients
      ? spec.clients.placement.numberOfClusters
      : undefined;
  if (placed !== undefined && placed > spec.minClients)
    ctx.addIssue({
      code: 'custom',
      path: ['clients', 'placement', 'numberOfClusters'],
      message: `is ${placed}: ${why}`,
    });
}

/** An OpenFL Placement chooses minClients clusters unless it says (the same) otherwise. */
function openflClients(spec: {
  framework: string;
  minClients: number;
  clients: z.output<typeof clients>;
}): z.output<typeof clients> {
  if (spec.framework !== 'openfl' || !('placement' in spec.clients))
    return spec.clients;
  return {
    placement: {
      ...spec.clients.placement,
      numberOfClusters:
        spec.clients.placement.numberOfClusters ?? spec.minClients,
    },
  };
}

const TOP_LEVEL_FIELDS = Object.keys(jobSpecSchema.in.shape);

/** A validated job spec with defaults filled in. @public */
export type JobSpec = z.output<typeof jobSpecSchema>;
/** What a user writes (defaults optional). @public */
export type JobSpecInput = z.input<typeof jobSpecSchema>;

export { describeJobSpecIssues } from './specIssues';
export type { JobSpecIssue } from './specIssues';

/** @public */
export type JobSpecResult =
  | { success: true; spec: JobSpec }
  | { success: false; issues: JobSpecIssue[] };

/**
 * The spec is kept as JSON in an annotation: one too big is refused, named by the field that
 * takes the most room.
 */
function sizeIssue(spec: unknown): JobSpecIssue | undefined {
  const size = jsonBytes(spec);
  if ('problem' in size) return { field: '', message: size.problem };
  if (size.bytes <= MAX_SPEC_BYTES) return undefined;
  const rule = `a job spec is stored in an annotation and may be at most ${MAX_SPEC_BYTES} bytes as JSON (the API server allows 256 KiB of annotations per object)`;
  const largest = Object.entries(
    spec !== null && typeof spec === 'object' && !Array.isArray(spec)
      ? spec
      : {},
  )
    .map(([field, value]) => {
      const part = jsonBytes(value);
      return { field, bytes: 'bytes' in part ? part.bytes : 0 };
    })
    .sort((a, b) => b.bytes - a.bytes)[0];
  return largest
    ? {
        field: fieldPath([largest.field]),
        message: `takes ${largest.bytes} of the spec's ${size.bytes} bytes; ${rule}`,
      }
    : { field: '', message: `is ${size.bytes} bytes; ${rule}` };
}

/**
 * Validates a job spec, filling in defaults; every issue names its field. The size is
 * measured first, so that a huge input is refused before any pattern runs on it.
 *
 * @public
 */
export function parseJobSpec(input: unknown): JobSpecResult {
  const tooBig = sizeIssue(input);
  if (tooBig) return { success: false, issues: [tooBig] };
  const result = jobSpecSchema.safeParse(input);
  if (!result.success) {
    return {
      success: false,
      issues: result.error.issues.flatMap(issue =>
        specIssuesOf(
          issue.code === 'unrecognized_keys' && issue.path.length === 0
            ? { ...issue, message: unknownFieldMessage(TOP_LEVEL_FIELDS) }
            : issue,
        ),
      ),
    };
  }
  const storedTooBig = sizeIssue(result.data);
  if (storedTooBig) return { success: false, issues: [storedTooBig] };
  return { success: true, spec: result.data };
}

/** JSON Schema of the job spec (input form), for editors and docs. @public */
export function jobSpecJsonSchema() {
  return z.toJSONSchema(jobSpecSchema, { io: 'input', unrepresentable: 'any' });
}
