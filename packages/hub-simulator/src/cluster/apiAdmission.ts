import * as clientNode from '@kubernetes/client-node';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { Role } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import { RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { KubeObject } from '../store/types';

/**
 * Kubernetes' own kinds a managed cluster's API server knows, with their OpenAPI schemas
 * (from `kubernetes-models`), by `apiVersion/kind`.
 */
export const KUBERNETES_MODELS: Record<
  string,
  new (data: any) => { validate(): void }
> = {
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
};

/** What the API server does with a write: stores `object`, or refuses with `refusal`. */
export type Admission = { object: KubeObject } | { refusal: string };

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, any>;
  message?: string;
}

/**
 * What a managed cluster's API server does with a manifest its work agent writes, for the
 * kinds in KUBERNETES_MODELS (others are stored as they are):
 * - a value of the wrong type: refused, as the JSON decoder refuses it (400);
 * - a missing required field, a value outside an enum, or a pod template that the API's
 *   own validation refuses: refused as Invalid (422), every error named by its field path;
 * - a field the schema does not declare: refused when `strictFields` (server-side apply
 *   always checks, KEP-2885 "Apply Patch"), otherwise dropped from what is stored, as the
 *   default `fieldValidation=Warn` of a create or update does.
 */
export function admit(manifest: KubeObject, strictFields: boolean): Admission {
  const Model = KUBERNETES_MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) return { object: copyOf(manifest) as KubeObject };
  const { version } = groupVersion(manifest.apiVersion);
  const pruned = withoutUnknownFields(
    manifest,
    `${version.charAt(0).toUpperCase()}${version.slice(1)}${manifest.kind}`,
    '',
  );
  if (strictFields && pruned.unknown.length > 0) {
    const where = `${manifest.metadata?.namespace ?? ''}/${
      manifest.metadata?.name ?? ''
    }`;
    return {
      refusal: `failed to create typed patch object (${where}; ${
        manifest.apiVersion
      }, Kind=${manifest.kind}): ${pruned.unknown
        .map(path => `${path}: field not declared in schema`)
        .join(', ')}`,
    };
  }
  const errors = schemaErrors(Model, manifest);
  const typeError = errors.find(e => e.keyword === 'type');
  if (typeError) {
    const value = valueAt(manifest, typeError.instancePath);
    return {
      refusal: `${
        manifest.kind
      } in version "${version}" cannot be handled as a ${
        manifest.kind
      }: json: cannot unmarshal ${jsonType(
        value,
      )} into Go struct field ${fieldPath(typeError.instancePath)} of type ${
        typeError.params.type
      }`,
    };
  }
  const invalid = [
    ...describeSchemaErrors(manifest, errors),
    ...podTemplateErrors(manifest),
  ];
  if (invalid.length > 0) return { refusal: invalidMessage(manifest, invalid) };
  return { object: pruned.value as KubeObject };
}

function schemaErrors(
  Model: new (data: any) => { validate(): void },
  manifest: KubeObject,
): SchemaError[] {
  try {
    new Model(manifest).validate();
    return [];
  } catch (error) {
    return ((error as { errors?: SchemaError[] }).errors ?? []).slice();
  }
}

/** Field errors in the API server's words (k8s.io/apimachinery/pkg/util/validation/field). */
function describeSchemaErrors(
  manifest: KubeObject,
  errors: SchemaError[],
): string[] {
  const described = new Set<string>();
  const seenPaths = new Set<string>();
  for (const error of errors) {
    if (error.keyword === 'required') {
      described.add(
        `${fieldPath(
          `${error.instancePath}/${error.params.missingProperty}`,
        )}: Required value`,
      );
      continue;
    }
    if (seenPaths.has(error.instancePath)) continue; // one error per field
    seenPaths.add(error.instancePath);
    const path = fieldPath(error.instancePath);
    const value = valueAt(manifest, error.instancePath);
    described.add(
      error.keyword === 'enum'
        ? `${path}: Unsupported value: ${JSON.stringify(
            value,
          )}: supported values: ${(error.params.allowedValues as unknown[])
            .map(v => JSON.stringify(v))
            .join(', ')}`
        : `${path}: Invalid value: ${JSON.stringify(value)}: ${
            error.message ?? error.keyword
          }`,
    );
  }
  return [...described];
}

/**
 * The pod-template rules of the API's own validation that OpenAPI cannot express:
 * pkg/apis/core/validation/validation.go (validateContainers: image required, unique
 * container names, volume mounts that name a volume; validateVolumes: unique names),
 * pkg/apis/apps/validation (ValidateDeploymentSpec: the selector matches the template's
 * labels, restartPolicy Always) and pkg/apis/batch/validation (validateJobSpec:
 * restartPolicy OnFailure or Never; a template's restartPolicy defaults to Always).
 */
function podTemplateErrors(manifest: KubeObject): string[] {
  if (manifest.kind !== 'Deployment' && manifest.kind !== 'Job') return [];
  const spec = (manifest.spec ?? {}) as Record<string, any>;
  const template = spec.template;
  if (!template || typeof template !== 'object') return [];
  const pod = (template.spec ?? {}) as Record<string, any>;
  const errors: string[] = [];
  const volumeNames = new Set<string>();
  (Array.isArray(pod.volumes) ? pod.volumes : []).forEach(
    (volume: any, i: number) => {
      if (volumeNames.has(volume?.name))
        errors.push(
          `spec.template.spec.volumes[${i}].name: Duplicate value: ${JSON.stringify(
            volume.name,
          )}`,
        );
      volumeNames.add(volume?.name);
    },
  );
  const containerNames = new Set<string>();
  for (const list of ['initContainers', 'containers'] as const) {
    (Array.isArray(pod[list]) ? pod[list] : []).forEach(
      (container: any, i: number) => {
        const at = `spec.template.spec.${list}[${i}]`;
        if (typeof container?.name === 'string') {
          if (containerNames.has(container.name))
            errors.push(
              `${at}.name: Duplicate value: ${JSON.stringify(container.name)}`,
            );
          containerNames.add(container.name);
        }
        if (!container?.image) errors.push(`${at}.image: Required value`);
        (Array.isArray(container?.volumeMounts)
          ? container.volumeMounts
          : []
        ).forEach((mount: any, j: number) => {
          if (typeof mount?.name === 'string' && !volumeNames.has(mount.name))
            errors.push(
              `${at}.volumeMounts[${j}].name: Not found: ${JSON.stringify(
                mount.name,
              )}`,
            );
        });
      },
    );
  }
  const restartPolicy = pod.restartPolicy ?? 'Always';
  if (manifest.kind === 'Deployment') {
    if (restartPolicy !== 'Always')
      errors.push(
        `spec.template.spec.restartPolicy: Unsupported value: ${JSON.stringify(
          restartPolicy,
        )}: supported values: "Always"`,
      );
    if (spec.selector && !selectorMatches(spec.selector, template.metadata))
      errors.push(
        `spec.template.metadata.labels: Invalid value: ${JSON.stringify(
          template.metadata?.labels ?? {},
        )}: \`selector\` does not match template \`labels\``,
      );
  } else if (restartPolicy === 'Always') {
    errors.push(
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  }
  return errors;
}

function selectorMatches(selector: any, metadata: any): boolean {
  const labels: Record<string, string> = metadata?.labels ?? {};
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(
    ([key, value]) => labels[key] === value,
  );
  const byExpression = (selector.matchExpressions ?? []).every((r: any) => {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'In':
        return has && (r.values ?? []).includes(labels[r.key]);
      case 'NotIn':
        return !has || !(r.values ?? []).includes(labels[r.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
  return byLabel && byExpression;
}

/** `Deployment.apps "x" is invalid: ...`, as apimachinery's errors.NewInvalid words it. */
function invalidMessage(manifest: KubeObject, errors: string[]): string {
  const { group } = groupVersion(manifest.apiVersion);
  const kind = group ? `${manifest.kind}.${group}` : manifest.kind;
  const list = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
  return `${kind} ${JSON.stringify(
    manifest.metadata?.name ?? '',
  )} is invalid: ${list}`;
}

/**
 * The value without the fields that its client-node model (generated from the same
 * OpenAPI document) does not declare, and the paths of those fields.
 */
function withoutUnknownFields(
  value: unknown,
  type: string,
  path: string,
): { value: unknown; unknown: string[] } {
  if (value === null || typeof value !== 'object')
    return { value, unknown: [] };
  const array = /^Array<(.+)>$/.exec(type);
  if (array && Array.isArray(value)) {
    const items = value.map((item, i) =>
      withoutUnknownFields(item, array[1], `${path}[${i}]`),
    );
    return {
      value: items.map(i => i.value),
      unknown: items.flatMap(i => i.unknown),
    };
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    const entries = Object.entries(value).map(([key, item]) => [
      key,
      withoutUnknownFields(item, map[1], `${path}.${key}`),
    ]) as Array<[string, { value: unknown; unknown: string[] }]>;
    return {
      value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])),
      unknown: entries.flatMap(([, r]) => r.unknown),
    };
  }
  const attributes = modelAttributes(type);
  if (!attributes || Array.isArray(value))
    return { value: copyOf(value), unknown: [] };
  const kept: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    const attribute = attributes.find(a => a.baseName === key);
    if (!attribute) {
      unknown.push(`${path}.${key}`);
      continue;
    }
    const inner = withoutUnknownFields(item, attribute.type, `${path}.${key}`);
    kept[key] = inner.value;
    unknown.push(...inner.unknown);
  }
  return { value: kept, unknown };
}

/**
 * A deep copy of JSON data. (Not structuredClone: under Jest its copies have another
 * realm's prototypes, which isDeepStrictEqual then tells apart from the originals.)
 */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, copyOf(item)]),
  );
}

function modelAttributes(
  type: string,
): Array<{ baseName: string; type: string }> | undefined {
  const model = (clientNode as Record<string, unknown>)[type] as
    | { getAttributeTypeMap?: () => Array<{ baseName: string; type: string }> }
    | undefined;
  return model?.getAttributeTypeMap?.();
}

function groupVersion(apiVersion: string) {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  return { group, version };
}

/** The unescaped parts of a JSON pointer (RFC 6901). */
function pointerParts(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `/spec/template/spec/containers/0/image` as `spec.template.spec.containers[0].image`. */
function fieldPath(pointer: string): string {
  let path = '';
  for (const part of pointerParts(pointer)) {
    if (/^\d+$/.test(part)) path += `[${part}]`;
    else path += path ? `.${part}` : part;
  }
  return path;
}

function valueAt(object: unknown, pointer: string): unknown {
  return pointerParts(pointer).reduce<any>(
    (value, part) => value?.[part],
    object,
  );
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}
