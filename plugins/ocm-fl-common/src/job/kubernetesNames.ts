import { z } from 'zod';

/*
 * Kubernetes' own rules for names, label keys and label values (apimachinery's
 * validation package), so that the hub refuses nothing this schema accepts. Every length is
 * checked before its pattern and stops the checks, so a huge string never reaches a regex.
 */

const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN = `${DNS_LABEL}(\\.${DNS_LABEL})*`;
const LABEL_NAME = '[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?';

const dnsLabelPattern = new RegExp(`^${DNS_LABEL}$`);
const dnsSubdomainPattern = new RegExp(`^${DNS_SUBDOMAIN}$`);
const qualifiedNamePattern = new RegExp(
  `^(${DNS_SUBDOMAIN}\\/)?${LABEL_NAME}$`,
);
const labelValuePattern = new RegExp(`^(${LABEL_NAME})?$`);

const bounded = (max: number, what: string) =>
  z
    .string()
    .max(max, { abort: true, message: `${what}; at most ${max} characters` });

/** A DNS-1123 label: namespaces and managed clusters (a cluster's name is its hub namespace). */
export const dnsLabel = (what = 'a DNS-1123 label') =>
  bounded(63, `must be ${what}`)
    .min(1, { abort: true, message: `must be ${what}, not empty` })
    .regex(
      dnsLabelPattern,
      `must be ${what}: lower-case letters, digits and "-", starting and ending with a letter or digit`,
    );

/** A DNS-1123 subdomain: the names of most objects (PVCs, ClusterClaims, Secrets). */
export const dnsSubdomain = (what = 'a DNS-1123 subdomain', max = 253) =>
  bounded(max, `must be ${what}`)
    .min(1, { abort: true, message: `must be ${what}, not empty` })
    .regex(
      dnsSubdomainPattern,
      `must be ${what}: dot-separated parts of lower-case letters, digits and "-", each starting and ending with a letter or digit`,
    );

const QUALIFIED_NAME_RULE =
  'an optional DNS subdomain prefix of at most 253 characters and "/", then a name of at most 63 letters, digits, "-", "_" and "." that starts and ends with a letter or digit';

/** A qualified name such as `region` or `example.com/tier`: label, taint and annotation keys. */
export const qualifiedName = bounded(
  253 + 1 + 63,
  `must be a key such as "region" or "example.com/tier": ${QUALIFIED_NAME_RULE}`,
)
  .regex(
    qualifiedNamePattern,
    `must be a key such as "region" or "example.com/tier": ${QUALIFIED_NAME_RULE}`,
  )
  .superRefine((key, ctx) => {
    const slash = key.lastIndexOf('/');
    const [prefix, name] =
      slash < 0 ? ['', key] : [key.slice(0, slash), key.slice(slash + 1)];
    if (prefix.length > 253)
      ctx.addIssue({
        code: 'custom',
        message: `has a prefix of ${prefix.length} characters; at most 253`,
      });
    if (name.length > 63)
      ctx.addIssue({
        code: 'custom',
        message: `has a name part of ${name.length} characters; at most 63`,
      });
  });

/** A label value: empty, or at most 63 letters, digits, "-", "_" and "." between alphanumerics. */
export const labelValue = bounded(
  63,
  'must be a label value: letters, digits, "-", "_" and "."',
).regex(
  labelValuePattern,
  'must be a label value: empty, or letters, digits, "-", "_" and "." starting and ending with a letter or digit',
);
