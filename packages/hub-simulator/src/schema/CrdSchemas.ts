import fs from 'node:fs';
import path from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { errors } from '../api/statusError';
import { KubeObject } from '../store/types';

/** A structural schema node of a CRD's openAPIV3Schema (the parts we act on). */
export interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  default?: unknown;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [key: string]: unknown;
}

interface VersionSchema {
  root: SchemaNode;
  validate: ValidateFunction;
}

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** What admission did to an object: the pruned and defaulted object, and what it dropped. */
export interface Admitted {
  object: KubeObject;
  unknownFields: string[];
}

/**
 * OCM's official CRDs (open-cluster-management-io/api v1.3.0, unmodified; see crds/README.md),
 * shipped with this package so that the simulator admits objects as a real hub does.
 */
export const OCM_CRD_DIR = resolvePackagePath('@ocm-fl/hub-simulator', 'crds');

/**
 * The openAPIV3Schemas of a set of CRDs, applied as the API server applies them: prune
 * unknown fields, set defaults, then validate (types, required, enums, bounds, patterns).
 */
export class CrdSchemas {
  private readonly byKind = new Map<string, VersionSchema>();

  static fromDirectory(dir: string): CrdSchemas {
    const schemas = new CrdSchemas();
    for (const file of fs
      .readdirSync(dir)
      .filter(f => /\.ya?ml$/.test(f))
      .sort()) {
      for (const doc of parseAllDocuments(
        fs.readFileSync(path.join(dir, file), 'utf8'),
      )) {
        const crd = doc.toJS();
        if (crd?.kind === 'CustomResourceDefinition') {
          schemas.addCrd(crd);
        }
      }
    }
    return schemas;
  }

  private readonly ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateFormats: false,
  });

  addCrd(crd: any) {
    for (const version of crd.spec.versions ?? []) {
      const root = version.schema?.openAPIV3Schema as SchemaNode | undefined;
      if (!root) continue;
      this.byKind.set(
        `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`,
        {
          root,
          validate: this.ajv.compile(root),
        },
      );
    }
  }

  schemaOf(apiVersion: string, kind: string): SchemaNode | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`)?.root;
  }

  /**
   * Prunes, defaults and validates. Throws 422 Invalid naming each failing field, or 400
   * with `fieldValidation=Strict` when the object has fields the schema does not know.
   */
  admit(object: KubeObject, fieldValidation: FieldValidation): Admitted {
    const schema = this.byKind.get(`${object.apiVersion}/${object.kind}`);
    if (!schema) {
      return { object, unknownFields: [] };
    }
    const unknownFields: string[] = [];
    const { apiVersion, kind, metadata, ...rest } = object;
    const pruned = prune(rest, schema.root, '', unknownFields) as Record<
      string,
      unknown
    >;
    if (unknownFields.length > 0 && fieldValidation === 'Strict') {
      throw errors.badRequest(
        `strict decoding error: ${unknownFields
          .map(f => `unknown field "${f}"`)
          .join(', ')}`,
      );
    }
    const candidate = { apiVersion, kind, metadata, ...pruned } as KubeObject;
    if (!schema.validate(candidate)) {
      throw errors.invalid(
        {
          group: apiVersion.split('/')[0],
          plural: '',
          kind,
          name: metadata?.name,
        },
        (schema.validate.errors ?? []).map(describe),
      );
    }
    return { object: candidate, unknownFields };
  }
}

function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

/** Drops fields the schema does not declare and fills in defaults, recording what it dropped. */
function prune(
  value: unknown,
  schema: SchemaNode,
  at: string,
  unknown: string[],
): unknown {
  if (Array.isArray(value)) {
    return schema.items
      ? value.map((item, i) =>
          prune(item, schema.items!, joinPath(at, i), unknown),
        )
      : value;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const input = value as Record<string, unknown>;
  const keepUnknown =
    schema['x-kubernetes-preserve-unknown-fields'] === true ||
    schema['x-kubernetes-embedded-resource'] === true;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(input)) {
    const childSchema =
      schema.properties?.[key] ??
      (typeof schema.additionalProperties === 'object'
        ? schema.additionalProperties
        : undefined);
    if (childSchema) {
      out[key] = prune(child, childSchema, joinPath(at, key), unknown);
    } else if (keepUnknown || schema.additionalProperties === true) {
      out[key] = child;
    } else {
      unknown.push(joinPath(at, key));
    }
  }
  for (const [key, propSchema] of Object.entries(schema.properties ?? {})) {
    if (out[key] === undefined && propSchema.default !== undefined) {
      out[key] = prune(
        structuredClone(propSchema.default),
        propSchema,
        joinPath(at, key),
        unknown,
      );
    }
  }
  return out;
}

function describe(error: ErrorObject) {
  const field = error.instancePath
    .split('/')
    .slice(1)
    .reduce<string>(
      (acc, part) => joinPath(acc, /^\d+$/.test(part) ? Number(part) : part),
      '',
    );
  switch (error.keyword) {
    case 'required': {
      const missing = joinPath(field, (error.params as any).missingProperty);
      return {
        reason: 'FieldValueRequired',
        field: missing,
        message: 'Required value',
      };
    }
    case 'enum':
      return {
        reason: 'FieldValueNotSupported',
        field,
        message: `Unsupported value: supported values: ${(
          error.params as any
        ).allowedValues
          .map((v: unknown) => JSON.stringify(v))
          .join(', ')}`,
      };
    case 'type':
      return {
        reason: 'FieldValueTypeInvalid',
        field,
        message: `Invalid value: ${field} in body must be of type ${
          (error.params as any).type
        }`,
      };
    default:
      return {
        reason: 'FieldValueInvalid',
        field,
        message: `Invalid value: ${field} in body ${error.message}`,
      };
  }
}
