import { z } from 'zod';
import { FRAMEWORKS, frameworkVersions } from './frameworks';

/**
 * A job's name becomes `<name>-aggregator`, `fl-<name>` and `<name>-decision-<n>`, so it
 * is a DNS-1123 label short enough to leave room for those suffixes.
 */
const jobName = z
  .string()
  .regex(
    /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
    'must start with a letter and hold only lower-case letters, digits and "-" (DNS-1123 label)',
  )
  .max(
    40,
    'must be at most 40 characters (names derived from it get suffixes)',
  );

const k8sName = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'must be a Kubernetes name: lower-case letters, digits, "-" and "."',
  )
  .max(253);

const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
    'must be a label key such as "region" or "example.com/tier"',
  )
  .max(316);

/** An OCI image reference: registry/repository[:tag][@digest]. */
const imageReference = z
  .string()
  .regex(
    /^(?:[a-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'must be an image reference such as "registry.example.com/team/app:1.0"',
  );

const quantity = z
  .string()
  .regex(
    /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/,
    'must be a Kubernetes quantity such as "500m", "2" or "4Gi"',
  );

const resources = z
  .strictObject({
    cpu: quantity.default('1'),
    memory: quantity.default('2Gi'),
    gpu: z.number().int().min(0).max(16).default(0),
  })
  .default({ cpu: '1', memory: '2Gi', gpu: 0 });

const requirement = z.strictObject({
  key: labelKey,
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string().max(63)).max(50).optional(),
});

const selector = z.strictObject({
  matchLabels: z.record(labelKey, z.string().max(63)).optional(),
  matchExpressions: z.array(requirement).max(20).optional(),
});

const placementClients = z.strictObject({
  placement: z.strictObject({
    clusterSets: z.array(k8sName).max(20).optional(),
    /** ORed; inside one, label, claim and CEL selectors are ANDed (OCM semantics). */
    predicates: z
      .array(
        z.strictObject({
          labelSelector: selector.optional(),
          claimSelector: z
            .strictObject({ matchExpressions: z.array(requirement).max(20) })
            .optional(),
          celExpressions: z
            .array(z.string().min(1).max(2000))
            .max(10)
            .optional(),
        }),
      )
      .max(10)
      .optional(),
    numberOfClusters: z.number().int().min(1).max(1000).optional(),
    prioritizers: z
      .array(
        z.strictObject({
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
        z.strictObject({
          key: labelKey.optional(),
          operator: z.enum(['Exists', 'Equal']).default('Equal'),
          value: z.string().max(63).optional(),
          effect: z
            .enum(['NoSelect', 'PreferNoSelect', 'NoSelectIfNew'])
            .optional(),
          tolerationSeconds: z.number().int().min(0).optional(),
        }),
      )
      .max(10)
      .optional(),
  }),
});

/** The `clients.placement` part of a job spec, for previews. @public */
export const placementSelectionSchema = placementClients.shape.placement;

const explicitClients = z.strictObject({
  clusters: z
    .array(k8sName)
    .min(1)
    .max(1000)
    .refine(c => new Set(c).size === c.length, 'must not name a cluster twice'),
});

const dataSource = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('clusterClaim'), claim: labelKey }),
  z.strictObject({ type: z.literal('pvc'), claimName: k8sName }),
  z.strictObject({
    type: z.literal('hostPath'),
    path: z.string().regex(/^\/[^\0]*$/, 'must be an absolute path'),
  }),
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
    framework: z.enum(['flower', 'openfl']),
    /** Defaults to the framework's pinned version. */
    frameworkVersion: z.string().optional(),
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
      .record(
        z.string().regex(/^[A-Za-z][\w.-]*$/, 'must be a run-config key'),
        z.union([z.string().max(256), z.number(), z.boolean()]),
      )
      .default({}),
    /** OpenFL plan overrides, merged into the rendered plan.yaml. */
    planOverrides: z.record(z.string(), z.unknown()).default({}),
    clients: z.union([placementClients, explicitClients]),
    data: dataSource.and(
      z
        .strictObject({
          mountPath: z
            .string()
            .regex(/^\/\S*$/)
            .default('/data'),
        })
        .partial(),
    ),
    resources: z
      .strictObject({ client: resources, aggregator: resources })
      .default({
        client: { cpu: '1', memory: '2Gi', gpu: 0 },
        aggregator: { cpu: '1', memory: '2Gi', gpu: 0 },
      }),
    aggregator: z.strictObject({
      /** The cluster that runs the aggregator; it holds no training data. */
      cluster: k8sName,
      exposure: z
        .discriminatedUnion('type', [
          z.strictObject({ type: z.literal('LoadBalancer') }),
          z.strictObject({
            type: z.literal('NodePort'),
            /** Host name or IP that clients dial; it must reach a node of the aggregator cluster. */
            address: z
              .string()
              .regex(/^[A-Za-z0-9.-]+$/, 'must be a host name or IPv4 address'),
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
      .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
        'must be a DNS-1123 label (lower-case letters, digits and "-"); it names the catalog entity',
      )
      .max(63)
      .optional(),
    /** Where the run starts from, for lineage: an entity ref or an S3 URI. */
    baseModel: z.string().min(1).max(1024).optional(),
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
  })
  .transform(spec => ({
    ...spec,
    frameworkVersion:
      spec.frameworkVersion ?? FRAMEWORKS[spec.framework].defaultVersion,
    model: spec.model ?? spec.name,
  }));

/** A validated job spec with defaults filled in. @public */
export type JobSpec = z.output<typeof jobSpecSchema>;
/** What a user writes (defaults optional). @public */
export type JobSpecInput = z.input<typeof jobSpecSchema>;

/** A problem with a job spec, naming the field. @public */
export interface JobSpecIssue {
  /** Dotted path such as `clients.placement.numberOfClusters` or `rounds`. */
  field: string;
  message: string;
}

/** @public */
export type JobSpecResult =
  | { success: true; spec: JobSpec }
  | { success: false; issues: JobSpecIssue[] };

/**
 * Validates a job spec, filling in defaults; every issue names its field.
 *
 * @public
 */
export function parseJobSpec(input: unknown): JobSpecResult {
  const result = jobSpecSchema.safeParse(input);
  if (result.success) return { success: true, spec: result.data };
  return {
    success: false,
    issues: result.error.issues.map(issue => ({
      field: issue.path
        .map(p => (typeof p === 'number' ? `[${p}]` : String(p)))
        .join('.')
        .replace(/\.\[/g, '['),
      message: issue.message,
    })),
  };
}

/** A one-line description of the issues, for errors and CLI output. @public */
export function describeJobSpecIssues(issues: JobSpecIssue[]): string {
  return issues.map(i => `${i.field || '(spec)'}: ${i.message}`).join('; ');
}

/** JSON Schema of the job spec (input form), for editors and docs. @public */
export function jobSpecJsonSchema() {
  return z.toJSONSchema(jobSpecSchema, { io: 'input', unrepresentable: 'any' });
}
