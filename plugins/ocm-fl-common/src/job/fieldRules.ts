import { z } from 'zod';
import { compileCelExpressions } from '../placement/celSelector';
import { dnsSubdomain } from './kubernetesNames';

/*
 * Rules for the free-text fields of a job spec. Each string is bounded before its pattern
 * (and the bound stops the checks), so that no input makes a regex or a parser work for long.
 */

const PATH_SEGMENT = '[A-Za-z0-9._@+=~-]+';

/**
 * An absolute path that is already clean: no `..` or `.` segment, no `//`, no trailing `/`,
 * not `/` itself, and only characters that need no quoting (it lands in a CSV line of
 * OpenFL's data.yaml and in environment variables).
 */
export const cleanAbsolutePath = z
  .string()
  .max(1024, {
    abort: true,
    message: 'must be an absolute path of at most 1024 characters',
  })
  .regex(
    new RegExp(`^(/${PATH_SEGMENT})+$`),
    'must be an absolute path such as "/data/mnist": "/"-separated names of letters, digits and "._@+=~-", no "//" and no trailing "/"',
  )
  .refine(
    path =>
      !path.split('/').some(segment => segment === '.' || segment === '..'),
    'must not contain "." or ".." segments (a path must not climb out of where it points)',
  );

/** An OCI image reference: registry/repository[:tag][@digest]; at most 512 characters. */
export const imageReference = z
  .string()
  .max(512, {
    abort: true,
    message: 'must be an image reference of at most 512 characters',
  })
  .regex(
    /^(?:[a-z0-9.-]+(?::[0-9]+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'must be an image reference such as "registry.example.com/team/app:1.0"',
  )
  .refine(
    ref => repositoryOf(ref).length <= 255,
    'must name a repository of at most 255 characters (before the tag and digest)',
  );

/** registry/repository of an image reference, without tag and digest. */
function repositoryOf(ref: string): string {
  const name = ref.split('@')[0];
  const tag = name.indexOf(':', name.lastIndexOf('/') + 1);
  return tag < 0 ? name : name.slice(0, tag);
}

/** A host name or IPv4 address that clients dial (it also names the aggregator's certificate). */
export const hostName = dnsSubdomain(
  'a host name or IPv4 address such as "fl.example.org"',
);

/**
 * Run-config keys and string values go into `flwr run --run-config '...'` inside a shell
 * script: no quotes, backslashes, `$`, backticks, whitespace breaks or control characters.
 */
export const runConfigKey = z
  .string()
  .max(64, {
    abort: true,
    message: 'must be a run-config key of at most 64 characters',
  })
  .regex(
    /^[A-Za-z][A-Za-z0-9_.-]*$/,
    'must be a run-config key: a letter, then letters, digits, "_", "." and "-"',
  )
  .refine(
    key => key !== 'num-server-rounds',
    'is set from `rounds`; set `rounds` instead',
  );

export const runConfigValue = z.union(
  [
    z
      .string()
      .max(256, { abort: true, message: 'must be at most 256 characters' })
      .regex(
        /^[^"'\\`$\p{Cc}]*$/u,
        'must not contain quotes, backslashes, "$", backticks or control characters',
      ),
    z.number(),
    z.boolean(),
  ],
  { error: 'must be a string, a number or a boolean' },
);

const ENTITY_REF =
  /^(?:[A-Za-z][A-Za-z0-9-]{0,62}:)?(?:[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\/)?[A-Za-z0-9]([-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;
const S3_URI =
  /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()=+-]+)*\/?$/;

/** Where training starts from: a catalog entity ref (`[kind:][namespace/]name`) or an `s3://` URI. */
export const baseModelReference = z
  .string()
  .max(1024, { abort: true, message: 'must be at most 1024 characters' })
  .refine(
    ref =>
      ENTITY_REF.test(ref) ||
      (S3_URI.test(ref) &&
        !ref
          .slice('s3://'.length)
          .split('/')
          .some(part => part === '.' || part === '..')),
    'must be a catalog entity ref such as "resource:default/mnist" or an S3 URI such as "s3://models/mnist/v1" (no "." or ".." parts)',
  );

/** A CEL expression over `managedCluster`, bounded and checked to compile. */
export const celExpression = z
  .string()
  .min(1, { abort: true, message: 'must not be empty' })
  .max(2000, {
    abort: true,
    message: 'must be at most 2000 characters',
  })
  .superRefine((expression, ctx) => {
    try {
      compileCelExpressions([expression], () => undefined);
    } catch (error) {
      // The first line of what OCM would put in the Placement's PlacementMisconfigured
      // condition (the rest draws a caret under the column it names).
      ctx.addIssue({
        code: 'custom',
        message: `must be a CEL expression that compiles: ${
          (error as Error).message.split('\n')[0]
        }`,
      });
    }
  });
