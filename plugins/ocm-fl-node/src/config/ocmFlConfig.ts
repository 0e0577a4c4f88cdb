import { Config } from '@backstage/config';
import { ModelStorageLocation } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { z } from 'zod';
import { modelStorageLocationsSchema } from './modelStorageLocationSchema';

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

/** The backend's own S3 client, which reads every location's models. */
const s3Schema = z.strictObject({
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

const S3_DEFAULTS = {
  region: 'us-east-1',
  forcePathStyle: false,
  downloadExpirySeconds: 300,
};

const ocmFlConfigSchema = z
  .strictObject({
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
    storage: z
      .strictObject({
        s3: s3Schema.default(S3_DEFAULTS),
        locations: modelStorageLocationsSchema.default([]),
      })
      .default({ s3: S3_DEFAULTS, locations: [] }),
    catalog: z
      .strictObject({
        owner: z
          .string()
          .regex(
            /^([a-z]+:)?([a-z0-9-_.]+\/)?[a-z0-9-_.]+$/i,
            'must be an entity ref such as "group:default/platform"',
          )
          .default('group:default/platform'),
        clusters: z
          .strictObject({ enabled: z.boolean().default(true) })
          .default({
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
  })
  .superRefine((config, ctx) => {
    const hubs = new Set(config.hubs.map(hub => hub.name));
    config.storage.locations.forEach((location, index) => {
      const unknown = (location.hubs ?? []).filter(hub => !hubs.has(hub));
      if (unknown.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['storage', 'locations', index, 'hubs'],
          message: `names no configured hub: ${unknown.join(', ')}; hubs: ${[
            ...hubs,
          ].join(', ')}`,
        });
      }
    });
  });

/** @public */
export type OcmFlConfig = z.output<typeof ocmFlConfigSchema>;
/** @public */
export type HubConfig = OcmFlConfig['hubs'][number];
/** @public */
export type S3StorageConfig = OcmFlConfig['storage']['s3'];

/**
 * Reads and validates the `ocmFl` configuration. Throws an error that names the offending
 * key (e.g. `ocmFl.hubs[0].url`) so that a misconfigured backend stops at start.
 *
 * @public
 */
export function readOcmFlConfig(config: Config): OcmFlConfig {
  return parseConfig(ocmFlConfigSchema, config.getOptional('ocmFl') ?? {}, [
    'ocmFl',
  ]);
}

/**
 * Validates the value of `ocmFl.storage.locations` with the same rules as the backend, for
 * tools that render or launch jobs without the rest of the backend's configuration (the CLI
 * reads it from an app-config file).
 *
 * @public
 */
export function parseModelStorageLocations(
  value: unknown,
): ModelStorageLocation[] {
  return parseConfig(modelStorageLocationsSchema, value ?? [], [
    'ocmFl',
    'storage',
    'locations',
  ]);
}

function parseConfig<T extends z.ZodType>(
  schema: T,
  value: unknown,
  at: PropertyKey[],
): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      issue => `${configKey([...at, ...issue.path])}: ${issue.message}`,
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
