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

  it('leaves a work without spec (a delete event) without one', () => {
    expect(shrinkWork({ metadata: {} })).toBeUndefined();
  });
});
