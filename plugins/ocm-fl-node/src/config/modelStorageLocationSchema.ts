import { z } from 'zod';

const dns1123Label = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
    'must be a DNS-1123 label: lower-case letters, digits and "-", at most 63 characters',
  );

const dnsSubdomain = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'must be a Kubernetes name: lower-case letters, digits, "-" and "."',
  );

/** S3's rules for general purpose bucket names. */
const bucketName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    'must be an S3 bucket name: 3-63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit',
  )
  .refine(name => !name.includes('..'), 'must not hold ".."')
  .refine(
    name => !/^\d+\.\d+\.\d+\.\d+$/.test(name),
    'must not be an IP address',
  )
  .refine(
    name => !/^(xn--|sthree-)/.test(name) && !/(-s3alias|--ol-s3)$/.test(name),
    'must not use a prefix or suffix that S3 reserves',
  );

/** Segments of S3's safe key characters; nothing that climbs, nothing empty. */
const keyPrefix = z
  .string()
  .max(512)
  .refine(
    prefix =>
      prefix === '' ||
      prefix
        .split('/')
        .every(
          segment =>
            /^[A-Za-z0-9!_.*'()-]+$/.test(segment) &&
            segment !== '.' &&
            segment !== '..',
        ),
    'must be a normalised key prefix such as "teams/vision": segments of letters, digits and !_.*\'()- joined by "/", no leading or trailing "/", no empty, "." or ".." segments ("" for the bucket\'s root)',
  );

/** Scheme, host and port: what an S3 client needs, and nothing a path or a shell could use. */
const endpoint = z
  .string()
  .regex(
    /^https?:\/\/([A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/,
    'must be an http:// or https:// URL of a host and an optional port, nothing else (no path, query, user or fragment), such as "http://minio.example:9000"',
  )
  .refine(
    value => Number(/:(\d+)$/.exec(value)?.[1] ?? 1) <= 65535,
    'must have a port of at most 65535',
  );

const region = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]{0,30}[a-z0-9])?$/,
    'must be a region name such as "eu-west-1": lower-case letters, digits and "-"',
  );

/** Kubernetes' rules: an optional DNS-subdomain prefix and a name of at most 63 characters. */
function isAnnotationKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = key.slice(slash + 1);
  return (
    (prefix === undefined || dnsSubdomain.safeParse(prefix).success) &&
    name.length <= 63 &&
    /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(name)
  );
}

/** The API server refuses more than 256 KiB of annotations on an object. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

// Keys are checked here rather than by the record's key schema, whose failures zod reports
// without the message.
const annotations = z
  .record(z.string(), z.string())
  .superRefine((value, ctx) => {
    let size = 0;
    for (const [key, text] of Object.entries(value)) {
      size += Buffer.byteLength(key) + Buffer.byteLength(text);
      if (!isAnnotationKey(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message:
            'must be an annotation key such as "eks.amazonaws.com/role-arn": an optional DNS subdomain and "/", then at most 63 letters, digits, "-", "_" and "." starting and ending with a letter or digit',
        });
      }
    }
    if (size > ANNOTATIONS_MAX_BYTES) {
      ctx.addIssue({
        code: 'custom',
        message:
          "must hold at most 256 KiB of keys and values (the API server's limit)",
      });
    }
  });

/** An OCI image reference: registry/repository[:tag][@digest]. */
const imageReference = z
  .string()
  .max(512)
  .regex(
    /^(?:[a-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'must be an image reference such as "amazon/aws-cli:2.22.35"',
  );

/**
 * One entry of `ocmFl.storage.locations`: where jobs may keep models in S3, with the
 * credentials (a hub Secret or workload identity) and uploader image the platform team chose.
 */
export const modelStorageLocationSchema = z
  .strictObject({
    name: dns1123Label,
    bucket: bucketName,
    prefix: keyPrefix.default(''),
    region: region.default('us-east-1'),
    endpoint: endpoint.optional(),
    forcePathStyle: z.boolean().default(false),
    credentialsSecret: dnsSubdomain.optional(),
    serviceAccountAnnotations: annotations.optional(),
    uploaderImage: imageReference.default('amazon/aws-cli:2.22.35'),
    hubs: z.array(dns1123Label).min(1).optional(),
  })
  .refine(
    location =>
      !(location.credentialsSecret && location.serviceAccountAnnotations),
    {
      message:
        'give credentialsSecret or serviceAccountAnnotations, not both: the uploader uses one kind of credentials',
      path: ['credentialsSecret'],
    },
  );

/** The locations, names unique. */
export const modelStorageLocationsSchema = z
  .array(modelStorageLocationSchema)
  .superRefine((locations, ctx) => {
    const seen = new Set<string>();
    locations.forEach((location, index) => {
      if (seen.has(location.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `duplicate location name "${location.name}"`,
        });
      }
      seen.add(location.name);
    });
  });
