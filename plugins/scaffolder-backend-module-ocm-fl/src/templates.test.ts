import fs from 'node:fs';
import path from 'node:path';
import {
  parseJobSpec,
  placementSelectionSchema,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { parse as parseYaml } from 'yaml';
import { withoutEmptyValues } from './actions/launchJob';

const TEMPLATES = path.resolve(__dirname, '../templates');

/** The default a form gives a parameter: its `default`, or its first oneOf option's defaults. */
function defaults(template: any): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const page of template.spec.parameters) {
    for (const [name, schema] of Object.entries<any>(page.properties)) {
      if (schema.default !== undefined) out[name] = schema.default;
      else if (schema.oneOf) {
        out[name] = Object.fromEntries(
          Object.entries<any>(schema.oneOf[0].properties).map(([k, v]) => [
            k,
            v.default,
          ]),
        );
      }
    }
  }
  return out;
}

/** Substitutes whole-value `${{ parameters.x }}` expressions, as the scaffolder does. */
function fill(value: unknown, parameters: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const match = /^\$\{\{ parameters\.(\w+) \}\}$/.exec(value);
    if (match) return parameters[match[1]];
    if (value.includes('${{ parameters'))
      throw new Error(`unsupported expression in a spec field: ${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map(v => fill(v, parameters));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fill(v, parameters)]),
    );
  }
  return value;
}

describe.each(['flower', 'openfl'])('the %s template', framework => {
  const template = parseYaml(
    fs.readFileSync(path.join(TEMPLATES, framework, 'template.yaml'), 'utf8'),
  );

  it('is a scaffolder template that uses the ocm-fl actions', () => {
    expect(template).toMatchObject({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
    });
    expect(template.spec.steps.map((s: any) => s.action)).toEqual([
      'ocm-fl:placement:preview',
      'ocm-fl:job:launch',
    ]);
    expect(template.spec.output.links[0].url).toBe(
      '/federated-learning/jobs/${{ steps.launch.output.jobId }}',
    );
  });

  it('launches a valid job spec with the form defaults', () => {
    const params = defaults(template);
    const launch = template.spec.steps.find((s: any) => s.id === 'launch');
    const result = parseJobSpec(
      withoutEmptyValues(fill(launch.input.spec, params)),
    );
    expect(result).toMatchObject({
      success: true,
      spec: {
        framework,
        storage: { type: 's3', location: 'models' },
      },
    });
    const preview = template.spec.steps.find((s: any) => s.id === 'preview');
    expect(
      placementSelectionSchema.safeParse(
        withoutEmptyValues(fill(preview.input.placement, params)),
      ).success,
    ).toBe(true);
  });

  it('offers storage choices that reject unknown properties, so a form cannot name a bucket or Secret', () => {
    const storage = template.spec.parameters.find(
      (page: any) => page.properties.storage,
    ).properties.storage;
    for (const option of storage.oneOf) {
      expect(option.additionalProperties).toBe(false);
    }
    expect(
      storage.oneOf.flatMap((option: any) => Object.keys(option.properties)),
    ).toEqual(['type', 'location', 'type', 'size']);
    const launch = template.spec.steps.find((s: any) => s.id === 'launch');
    const result = parseJobSpec(
      withoutEmptyValues(
        fill(launch.input.spec, {
          ...defaults(template),
          storage: {
            type: 's3',
            location: 'models',
            credentialsSecret: 'platform-db-password',
          },
        }),
      ),
    );
    expect(result.success).toBe(false);
  });

  it('also launches a valid spec with PVC storage', () => {
    const params = {
      ...defaults(template),
      storage: { type: 'pvc', size: '10Gi' },
    };
    const launch = template.spec.steps.find((s: any) => s.id === 'launch');
    expect(
      parseJobSpec(withoutEmptyValues(fill(launch.input.spec, params))),
    ).toMatchObject({ success: true, spec: { storage: { type: 'pvc' } } });
  });
});
