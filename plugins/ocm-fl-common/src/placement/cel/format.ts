import { Environment, Optional } from '@marcbachmann/cel-js';
import { CelURL, URLParseError } from './url';

/*
 * Kubernetes' named formats (k8s.io/apiserver pkg/cel/library/format.go): the name rules of
 * apimachinery (pkg/util/validation/validation.go, pkg/api/validate/content/kube.go and
 * dns.go), with their messages, and the OpenAPI formats of kube-openapi's strfmt.
 */

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const LABEL_KEY = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${LABEL_KEY})?`;
const full = (pattern: string) => new RegExp(`^${pattern}$`);
const byteLength = (text: string) => new TextEncoder().encode(text).length;

function regexError(message: string, pattern: string, ...examples: string[]) {
  const quoted = examples.map(e => `'${e}', `).join('or ');
  return `${message} (${
    examples.length ? `e.g. ${quoted}` : ''
  }regex used for validation is '${pattern}')`;
}

// util/validation says "characters", content (for label keys and values) says "bytes".
const maxLength = (n: number, unit: 'characters' | 'bytes') =>
  `must be no more than ${n} ${unit}`;

function dns1123Subdomain(
  value: string,
  unit: 'characters' | 'bytes',
): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(maxLength(253, unit));
  if (!full(DNS1123_SUBDOMAIN).test(value))
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  return errors;
}

function dns1123Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLength(63, 'characters'));
  if (!full(DNS1123_LABEL).test(value)) {
    errors.push(
      full(DNS1123_SUBDOMAIN).test(value)
        ? 'must not contain dots'
        : regexError(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            DNS1123_LABEL,
            'my-name',
            '123-abc',
          ),
    );
  }
  return errors;
}

function dns1035Label(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLength(63, 'characters'));
  if (!full(DNS1035_LABEL).test(value))
    errors.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        'my-name',
        'abc-123',
      ),
    );
  return errors;
}

const LABEL_KEY_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

function qualifiedName(value: string): string[] {
  const errors: string[] = [];
  const parts = value.split('/');
  if (parts.length > 2)
    return [
      `a valid label key ${regexError(
        LABEL_KEY_MESSAGE,
        LABEL_KEY,
        'MyName',
        'my.name',
        '123-abc',
      )} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') errors.push('prefix part must be non-empty');
    else
      errors.push(
        ...dns1123Subdomain(parts[0], 'bytes').map(m => `prefix part ${m}`),
      );
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (byteLength(name) > 63)
    errors.push(`name part ${maxLength(63, 'bytes')}`);
  if (!full(LABEL_KEY).test(name))
    errors.push(
      `name part ${regexError(
        LABEL_KEY_MESSAGE,
        LABEL_KEY,
        'MyName',
        'my.name',
        '123-abc',
      )}`,
    );
  return errors;
}

function labelValue(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLength(63, 'bytes'));
  if (!full(LABEL_VALUE).test(value))
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  return errors;
}

/**
 * apimachinery's maskTrailingDash for generateName prefixes: a trailing "-" of a name longer
 * than one character is replaced, and, as there, the character before it is dropped too.
 */
const prefixed = (validate: (value: string) => string[]) => (value: string) =>
  validate(
    value.length > 1 && value.endsWith('-') ? `${value.slice(0, -2)}a` : value,
  );

const UUID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME =
  /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

function isDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function isDateTime(value: string): boolean {
  const match = DATETIME.exec(value);
  if (!match || !isDate(match[1])) return false;
  const [hours, minutes, seconds] = match.slice(2, 5).map(Number);
  return hours < 24 && minutes < 60 && seconds < 60;
}

const check =
  (ok: (value: string) => boolean, message: string) => (value: string) =>
    ok(value) ? [] : [message];

/** A named format: the value of CEL's `kubernetes.NamedFormat` type. */
export class CelFormat {
  constructor(
    readonly name: string,
    readonly validate: (value: string) => string[],
  ) {}
}

const FORMATS: Record<string, CelFormat> = {
  dns1123Label: new CelFormat('DNS1123Label', dns1123Label),
  dns1123Subdomain: new CelFormat('DNS1123Subdomain', v =>
    dns1123Subdomain(v, 'characters'),
  ),
  dns1035Label: new CelFormat('DNS1035Label', dns1035Label),
  qualifiedName: new CelFormat('QualifiedName', qualifiedName),
  dns1123LabelPrefix: new CelFormat(
    'DNS1123LabelPrefix',
    prefixed(dns1123Label),
  ),
  dns1123SubdomainPrefix: new CelFormat(
    'DNS1123SubdomainPrefix',
    prefixed(v => dns1123Subdomain(v, 'characters')),
  ),
  dns1035LabelPrefix: new CelFormat(
    'DNS1035LabelPrefix',
    prefixed(dns1035Label),
  ),
  labelValue: new CelFormat('LabelValue', labelValue),
  uri: new CelFormat('URI', value => {
    try {
      CelURL.parse(value);
      return [];
    } catch (error) {
      return [error instanceof URLParseError ? error.reason : String(error)];
    }
  }),
  uuid: new CelFormat(
    'uuid',
    check(v => UUID.test(v), 'does not match the UUID format'),
  ),
  byte: new CelFormat(
    'byte',
    check(v => BASE64.test(v), 'invalid base64'),
  ),
  date: new CelFormat('date', check(isDate, 'invalid date')),
  datetime: new CelFormat('datetime', check(isDateTime, 'invalid datetime')),
};

class FormatNamespace {}

/**
 * `format.<name>()`, `format.named(name)` and `<Format>.validate(value)`, which gives
 * `optional.none()` for a valid value, else the list of what is wrong.
 */
export function registerFormat(env: Environment): Environment {
  const F = 'kubernetes.NamedFormat';
  let registered = env
    .registerType(F, CelFormat)
    .registerType('kubernetes.FormatNamespace', FormatNamespace)
    .registerConstant(
      'format',
      'kubernetes.FormatNamespace',
      new FormatNamespace(),
    )
    .registerFunction(
      `kubernetes.FormatNamespace.named(string): optional<${F}>`,
      (_: FormatNamespace, name: string) =>
        Object.hasOwn(FORMATS, name)
          ? Optional.of(FORMATS[name])
          : Optional.none(),
    )
    .registerFunction(
      `${F}.validate(string): optional<list<string>>`,
      (format: CelFormat, value: string) => {
        const errors = format.validate(value);
        return errors.length ? Optional.of(errors) : Optional.none();
      },
    );
  for (const [name, format] of Object.entries(FORMATS))
    registered = registered.registerFunction(
      `kubernetes.FormatNamespace.${name}(): ${F}`,
      () => format,
    );
  return registered;
}
