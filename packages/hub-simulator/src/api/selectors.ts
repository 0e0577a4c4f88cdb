import { errors } from './statusError';

type Requirement =
  | { key: string; op: 'exists' | 'notExists' }
  | { key: string; op: 'in' | 'notIn'; values: string[] };

export type Selector = (labels: Record<string, string> | undefined) => boolean;

/**
 * Parses a label selector in its query-string form (`a=b,c!=d,e in (x,y),!f,g`) into a
 * predicate. `!=` and `notin` also match objects without the key, as in Kubernetes.
 */
export function parseLabelSelector(text: string | undefined): Selector {
  const requirements = splitTopLevel(text ?? '').map(parseRequirement);
  return labels =>
    requirements.every(req => {
      const value = labels?.[req.key];
      switch (req.op) {
        case 'exists':
          return value !== undefined;
        case 'notExists':
          return value === undefined;
        case 'in':
          return value !== undefined && req.values.includes(value);
        case 'notIn':
          return value === undefined || !req.values.includes(value);
        default:
          return false;
      }
    });
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

function checkedKey(key: string, text: string): string {
  if (!KEY.test(key)) {
    throw errors.badRequest(
      `unable to parse requirement: invalid label key "${key}" in "${text}"`,
    );
  }
  return key;
}

function parseRequirement(text: string): Requirement {
  let match = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(text);
  if (match) {
    const values = match[3]
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
    return {
      key: checkedKey(match[1], text),
      op: match[2] === 'in' ? 'in' : 'notIn',
      values,
    };
  }
  match = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(text);
  if (match) {
    return {
      key: checkedKey(match[1], text),
      op: match[2] === '!=' ? 'notIn' : 'in',
      values: [match[3]],
    };
  }
  if (text.startsWith('!')) {
    return { key: checkedKey(text.slice(1).trim(), text), op: 'notExists' };
  }
  return { key: checkedKey(text, text), op: 'exists' };
}

/**
 * Parses a field selector. Like the API server does for custom resources, only
 * `metadata.name` and `metadata.namespace` are supported.
 */
export function parseFieldSelector(
  text: string | undefined,
): (obj: { metadata: { name?: string; namespace?: string } }) => boolean {
  const checks = (text ?? '')
    .split(',')
    .map(p => p.trim())
    .filter(Boolean)
    .map(part => {
      const match = /^([a-zA-Z.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
      if (!match) {
        throw errors.badRequest(`invalid field selector: "${part}"`);
      }
      const [, field, op, value] = match;
      if (field !== 'metadata.name' && field !== 'metadata.namespace') {
        throw errors.badRequest(
          `field label not supported: ${field} (supported: metadata.name, metadata.namespace)`,
        );
      }
      const key = field === 'metadata.name' ? 'name' : 'namespace';
      return (obj: { metadata: { name?: string; namespace?: string } }) =>
        (obj.metadata[key] === value) === (op !== '!=');
    });
  return obj => checks.every(check => check(obj));
}
