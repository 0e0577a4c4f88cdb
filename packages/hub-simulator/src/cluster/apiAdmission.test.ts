import { deploymentManifest, jobManifest } from '../testing/workloadManifests';
import { admit } from './apiAdmission';

const refusalOf = (manifest: any, strictFields = false) => {
  const admission = admit(manifest, strictFields);
  return 'refusal' in admission ? admission.refusal : undefined;
};

describe('admit', () => {
  it('stores a valid Deployment and Job as they are', () => {
    const deployment = deploymentManifest('superlink', 'fl-demo');
    expect(admit(deployment, true)).toEqual({ object: deployment });
    const job = jobManifest('submit', 'fl-demo');
    expect(admit(job, true)).toEqual({ object: job });
  });

  it('refuses a container without an image, naming the field', () => {
    const deployment = deploymentManifest('superlink', 'fl-demo', {
      containers: [{ name: 'superlink' }],
    });
    expect(refusalOf(deployment)).toBe(
      'Deployment.apps "superlink" is invalid: spec.template.spec.containers[0].image: Required value',
    );
  });

  it('lists every invalid field, as the API server does', () => {
    const deployment = deploymentManifest('superlink', 'fl-demo', {
      containers: [
        {
          name: 'superlink',
          image: 'flwr/superlink:1.26.1',
          imagePullPolicy: 'Sometimes',
          volumeMounts: [{ name: 'tls', mountPath: '/tls' }],
        },
        { name: 'superlink', image: 'flwr/superlink:1.26.1' },
      ],
    });
    (deployment.spec as any).template.metadata.labels = { app: 'other' };
    expect(refusalOf(deployment)).toBe(
      'Deployment.apps "superlink" is invalid: [' +
        'spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never", ' +
        'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "tls", ' +
        'spec.template.spec.containers[1].name: Duplicate value: "superlink", ' +
        'spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`]',
    );
  });

  it('refuses a Deployment without a selector and a Job that would restart Always', () => {
    const deployment = deploymentManifest('superlink', 'fl-demo');
    delete (deployment.spec as any).selector;
    expect(refusalOf(deployment)).toBe(
      'Deployment.apps "superlink" is invalid: spec.selector: Required value',
    );
    const job = jobManifest('submit', 'fl-demo');
    delete (job.spec as any).template.spec.restartPolicy;
    expect(refusalOf(job)).toBe(
      'Job.batch "submit" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    );
  });

  it('refuses a value of the wrong type as the JSON decoder does', () => {
    const deployment = deploymentManifest('superlink', 'fl-demo');
    (deployment.spec as any).replicas = 'two';
    expect(refusalOf(deployment)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field spec.replicas of type integer',
    );
  });

  it('drops unknown fields, or refuses them under strict field validation', () => {
    const job = jobManifest('submit', 'fl-demo', {
      containers: [
        { name: 'submit', image: 'flwr/flwr:1.26.1', argz: ['--typo'] },
      ],
    });
    (job.spec as any).retries = 3;
    const stored = admit(job, false);
    expect(stored).toEqual({
      object: jobManifest('submit', 'fl-demo', {
        containers: [{ name: 'submit', image: 'flwr/flwr:1.26.1' }],
      }),
    });
    expect(refusalOf(job, true)).toBe(
      'failed to create typed patch object (fl-demo/submit; batch/v1, Kind=Job): ' +
        '.spec.template.spec.containers[0].argz: field not declared in schema, ' +
        '.spec.retries: field not declared in schema',
    );
  });

  it('keeps the free-form maps of a ConfigMap and labels, and passes kinds it has no schema for', () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'plan', namespace: 'fl-demo', labels: { a: 'b' } },
      data: { 'plan.yaml': 'rounds: 3\n' },
    };
    expect(admit(configMap, true)).toEqual({ object: configMap });
    const custom = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { anything: true },
    };
    expect(admit(custom, true)).toEqual({ object: custom });
  });
});
