/** The parts of a JSON Schema that the reference tables show. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  visibility?: string;
  [key: string]: unknown;
}

/** One row of a reference table: a field, where it applies and its rules. */
export interface FieldRow {
  /** Dotted path; `[]` marks array items and `<key>` map entries. */
  path: string;
  type: string;
  required: boolean;
  /** Set when the field exists only in one variant, e.g. `storage.type: s3`. */
  when?: string;
  default?: unknown;
  rules: string[];
  description?: string;
  secret?: boolean;
}

const variantsOf = (schema: JsonSchema) => schema.oneOf ?? schema.anyOf;

/** Merges `allOf` parts into one object schema (zod's `.and()` exports them so). */
function flatten(schema: JsonSchema): JsonSchema {
  if (!schema.allOf) return schema;
  const parts = schema.allOf.map(flatten);
  const variants = parts.find(variantsOf);
  const merged = parts.filter(p => !variantsOf(p));
  const extraProperties = Object.assign(
    {},
    ...merged.map(p => p.properties ?? {}),
  );
  const { allOf, ...rest } = schema;
  if (!variants) {
    return {
      ...rest,
      type: 'object',
      properties: extraProperties,
      required: merged.flatMap(p => p.required ?? []),
    };
  }
  return {
    ...rest,
    oneOf: variantsOf(variants)!.map(v => ({
      ...v,
      properties: { ...v.properties, ...extraProperties },
    })),
  };
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum)
    return schema.enum
      .map(value => `\`${JSON.stringify(value)}\``)
      .join(' \\| ');
  const variants = variantsOf(schema);
  if (variants) return [...new Set(variants.map(typeOf))].join(' \\| ');
  if (schema.type === 'array')
    return `array of ${schema.items ? typeOf(schema.items) : 'any'}`;
  if (
    schema.type === 'object' &&
    !schema.properties &&
    typeof schema.additionalProperties === 'object'
  )
    return `map of ${typeOf(schema.additionalProperties)}`;
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  return schema.type ?? 'any';
}

function rulesOf(schema: JsonSchema): string[] {
  const rules: string[] = [];
  const range = (low?: number, high?: number, unit = '') => {
    if (low !== undefined && high !== undefined)
      rules.push(`${low} to ${high}${unit}`);
    else if (low !== undefined) rules.push(`at least ${low}${unit}`);
    else if (high !== undefined) rules.push(`at most ${high}${unit}`);
  };
  range(schema.minimum, schema.maximum);
  range(schema.minLength, schema.maxLength, ' characters');
  range(schema.minItems, schema.maxItems, ' items');
  if (schema.pattern) rules.push(`pattern \`${schema.pattern}\``);
  if (schema.format) rules.push(`format ${schema.format}`);
  return rules;
}

/**
 * The fields of a JSON Schema as table rows, depth first. Variants (`oneOf`/`anyOf` of
 * objects) list each variant's fields with the discriminating value, so that every field
 * the schema accepts has a row.
 */
export function schemaRows(schema: JsonSchema): FieldRow[] {
  const rows: FieldRow[] = [];
  const walk = (
    node: JsonSchema,
    path: string,
    required: boolean,
    when?: string,
    ownRow = true,
  ) => {
    const flat = flatten(node);
    if (path && ownRow) {
      rows.push({
        path,
        type: typeOf(flat),
        required,
        when,
        default: flat.default,
        rules: rulesOf(flat),
        description: flat.description,
        secret: flat.visibility === 'secret' || undefined,
      });
    }
    const prefix = path ? `${path}.` : '';
    for (const [key, child] of Object.entries(flat.properties ?? {})) {
      walk(child, `${prefix}${key}`, (flat.required ?? []).includes(key), when);
    }
    if (flat.type === 'array' && flat.items && isStructured(flat.items)) {
      // The array has its row; its items add only their fields.
      walk(flat.items, `${path}[]`, true, when, false);
    }
    if (
      !flat.properties &&
      typeof flat.additionalProperties === 'object' &&
      isStructured(flat.additionalProperties)
    ) {
      walk(flat.additionalProperties, `${prefix}<key>`, false, when);
    }
    const variants = variantsOf(flat);
    if (variants && variants.every(v => flatten(v).properties)) {
      const discriminators = variants.map(v =>
        Object.entries(flatten(v).properties!).find(
          ([, p]) => p.const !== undefined,
        ),
      );
      if (discriminators.every(Boolean)) {
        rows.push({
          path: `${prefix}${discriminators[0]![0]}`,
          type: discriminators
            .map(d => `\`${JSON.stringify(d![1].const)}\``)
            .join(' \\| '),
          required: true,
          when,
          rules: [],
          description: 'Chooses which of the fields below apply.',
        });
      }
      variants.forEach(variant => {
        const flatVariant = flatten(variant);
        const discriminator = Object.entries(flatVariant.properties!).find(
          ([, p]) => p.const !== undefined,
        );
        const label = discriminator
          ? `${prefix}${discriminator[0]}: ${String(discriminator[1].const)}`
          : `${prefix}${Object.keys(flatVariant.properties!)[0]} is given`;
        for (const [key, child] of Object.entries(flatVariant.properties!)) {
          if (child.const !== undefined) continue;
          walk(
            child,
            `${prefix}${key}`,
            (flatVariant.required ?? []).includes(key),
            label,
          );
        }
      });
    }
  };
  walk(schema, '', true);
  return dedupeVariantRows(rows);
}

function isStructured(schema: JsonSchema): boolean {
  const flat = flatten(schema);
  return Boolean(
    flat.properties ||
      variantsOf(flat)?.some(v => flatten(v).properties) ||
      (flat.type === 'array' && flat.items && isStructured(flat.items)),
  );
}

/** A field shared by several variants (e.g. `data.mountPath`) gets one row. */
function dedupeVariantRows(rows: FieldRow[]): FieldRow[] {
  const seen = new Map<string, FieldRow>();
  const result: FieldRow[] = [];
  for (const row of rows) {
    const key = `${row.path}|${row.type}|${row.required}`;
    const earlier = seen.get(key);
    if (earlier?.when !== undefined && row.when !== undefined) {
      earlier.when = 'any';
      continue;
    }
    seen.set(key, row);
    result.push(row);
  }
  // A field of every variant applies whatever the variant.
  return result.map(row =>
    row.when === 'any' ? { ...row, when: undefined } : row,
  );
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A Markdown table of the rows; `describe` supplies a description the schema lacks. */
export function rowsTable(
  rows: FieldRow[],
  describe: (row: FieldRow) => string | undefined = row => row.description,
): string {
  const lines = [
    '| Field | Type | Required | Default | Rules | Description |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of rows) {
    const description = [
      row.when ? `*When \`${row.when}\`.*` : '',
      describe(row) ?? '',
      row.secret ? '**Secret**: never logged or sent to the browser.' : '',
    ]
      .filter(Boolean)
      .join(' ');
    lines.push(
      `| \`${row.path}\` | ${row.type} | ${row.required ? 'yes' : 'no'} | ${
        row.default === undefined ? '' : `\`${JSON.stringify(row.default)}\``
      } | ${cell(row.rules.join('; '))} | ${cell(description)} |`,
    );
  }
  return lines.join('\n');
}
