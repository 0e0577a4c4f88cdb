import { restoreSpec, shrinkWork } from './shrinkWork';

describe('shrinkWork', () => {
  it('keeps identity, conditions and feedback, and gives back the spec compressed', () => {
    const spec = {
      workload: {
        manifests: [{ kind: 'Deployment', metadata: { name: 'supernode' } }],
      },
    };
    const work: any = {
      metadata: {
        name: 'mnist-client',
        namespace: 'hospital-berlin',
        labels: { a: 'b' },
        managedFields: [{ manager: 'x' }],
      },
      spec: structuredClone(spec),
      status: {
        conditions: [{ type: 'Available', status: 'True' }],
        resourceStatus: {
          manifests: [
            {
              resourceMeta: {
                kind: 'Deployment',
                name: 'supernode',
                group: 'apps',
              },
              conditions: [{ type: 'Applied', status: 'True' }],
              statusFeedback: {
                values: [
                  { name: 'AvailableReplicas', fieldValue: { integer: 1 } },
                ],
              },
            },
            {
              resourceMeta: { kind: 'Service', name: 'supernode' },
              conditions: [{ type: 'Applied', status: 'True' }],
            },
          ],
        },
      },
    };
    const deflated = shrinkWork(work)!;
    expect(work).toEqual({
      metadata: {
        name: 'mnist-client',
        namespace: 'hospital-berlin',
        labels: { a: 'b' },
      },
      status: {
        conditions: [{ type: 'Available', status: 'True' }],
        resourceStatus: {
          manifests: [
            {
              resourceMeta: {
                kind: 'Deployment',
                name: 'supernode',
                namespace: undefined,
              },
              statusFeedback: {
                values: [
                  { name: 'AvailableReplicas', fieldValue: { integer: 1 } },
                ],
              },
            },
            {
              resourceMeta: {
                kind: 'Service',
                name: 'supernode',
                namespace: undefined,
              },
            },
          ],
        },
      },
    });
    expect(restoreSpec(deflated)).toEqual(spec);
  });

  it('drops the values of Secrets in the manifests: no key or credential stays in memory', () => {
    const work: any = {
      metadata: { name: 'mnist-aggregator', namespace: 'central' },
      spec: {
        workload: {
          manifests: [
            {
              kind: 'Secret',
              metadata: { name: 'tls' },
              data: { 'tls.key': 'LS0tLS1CRUdJTiBQUklWQVRF' },
              stringData: { AWS_SECRET_ACCESS_KEY: 'sample-secret' },
            },
            { kind: 'ConfigMap', metadata: { name: 'plan' }, data: { a: 'b' } },
          ],
        },
      },
    };
    const restored = restoreSpec(shrinkWork(work)!) as any;
    expect(JSON.stringify(restored)).not.toMatch(
      /LS0tLS1CRUdJTiBQUklWQVRF|sample-secret/,
    );
    // People still see which keys a Secret holds, and everything else as it was.
    const [secret, configMap] = restored.workload.manifests;
    expect(Object.keys(secret.data)).toEqual(['tls.key']);
    expect(Object.keys(secret.stringData)).toEqual(['AWS_SECRET_ACCESS_KEY']);
    expect(configMap.data).toEqual({ a: 'b' });
  });

  it('leaves a work without spec (a delete event) without one', () => {
    expect(shrinkWork({ metadata: {} })).toBeUndefined();
  });
});
