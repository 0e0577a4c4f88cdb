import { Config } from '@backstage/config';
import { z } from 'zod';

const dns1123Label = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters',
  );

const httpUrl = z
  .string()
  .refine(value => /^https?:$/.test(safeUrl(value)?.protocol ?? ''), {
    message: 'must be an http:// or https:// URL',
  });

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

const hubSchema = z.strictObject({
  name: dns1123Label,
  url: httpUrl,
  serviceAccountToken: z.string().min(1).optional(),
  caData: z.string().min(1).optional(),
  skipTLSVerify: z.boolean().optional(),
});

const s3Schema = z.strictObject({
  bucket: z.string().min(3).max(63),
  region: z.string().min(1).default('us-east-1'),
  endpoint: httpUrl.optional(),
  forcePathStyle: z.boolean().default(false),
  downloadExpirySeconds: z
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600, 'must be at most 604800 (7 days, the limit of S3)')
    .default(300),
  credentials: z
    .strictObject({
      accessKeyId: z.string().min(1),
      secretAccessKey: z.string().min(1),
    })
    .optional(),
});

const ocmFlConfigSchema = z.strictObject({
  hubs: z
    .array(hubSchema)
    .min(1, 'must name at least one hub')
    .superRefine((hubs, ctx) => {
      const seen = new Set<string>();
      hubs.forEach((hub, index) => {
        if (seen.has(hub.name)) {
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `duplicate hub name "${hub.name}"`,
          });
        }
        seen.add(hub.name);
      });
    }),
  namespace: dns1123Label.default('federated-learning'),
  storage: z.strictObject({ s3: s3Schema.optional() }).default({}),
  catalog: z
    .strictObject({
      owner: z
        .string()
        .regex(
          /^([a-z]+:)?([a-z0-9-_.]+\/)?[a-z0-9-_.]+$/i,
          'must be an entity ref such as "group:default/platform"',
        )
        .default('group:default/platform'),
      clusters: z.strictObject({ enabled: z.boolean().default(true) }).default({
        enabled: true,
      }),
      models: z.strictObject({ enabled: z.boolean().default(true) }).default({
        enabled: true,
      }),
    })
    .default({
      owner: 'group:default/platform',
      clusters: { enabled: true },
      models: { enabled: true },
    }),
  lifecycle: z
    .strictObject({
      intervalSeconds: z.number().int().min(1).max(3600).default(5),
    })
    .default({ intervalSeconds: 5 }),
});

/** @public */
export type OcmFlConfig = z.output<typeof ocmFlConfigSchema>;
/** @public */
export type HubConfig = OcmFlConfig['hubs'][number];
/** @public */
export type S3StorageConfig = NonNullable<OcmFlConfig['storage']['s3']>;

/**
 * Reads and validates the `ocmFl` configuration. Throws an error that names the offending
 * key (e.g. `ocmFl.hubs[0].url`) so that a misconfigured backend stops at start.
 *
 * @public
 */
export function readOcmFlConfig(config: Config): OcmFlConfig {
  const result = ocmFlConfigSchema.safeParse(config.getOptional('ocmFl') ?? {});
  if (!result.success) {
    const problems = result.error.issues.map(
      issue => `${configKey(['ocmFl', ...issue.path])}: ${issue.message}`,
    );
    throw new Error(`Invalid ocm-fl configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

function configKey(path: PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`,
    )
    .join('');
}
