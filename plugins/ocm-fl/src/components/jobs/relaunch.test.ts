import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { freeJobName, nextJobName, relaunchFormData } from './relaunch';

const templateParameters = (framework: string) => {
  const template = parse(
    fs.readFileSync(
      path.resolve(
        __dirname,
        `../../../../scaffolder-backend-module-ocm-fl/templates/${framework}/template.yaml`,
      ),
      'utf8',
    ),
  );
  return template.spec.parameters.flatMap((page: any) =>
    Object.keys(page.properties),
  );
};

describe('relaunching a job through its template', () => {
  const spec = {
    name: 'mnist',
    framework: 'flower',
    image: 'quay.io/ocm-fl/flower-mnist-app:1.26.1',
    rounds: 5,
    minClients: 2,
    runConfig: { 'learning-rate': 0.05 },
    clients: { placement: { clusterSets: ['hospitals'], numberOfClusters: 2 } },
    data: { type: 'clusterClaim', claim: 'data.fl.open-cluster-management.io' },
    aggregator: { cluster: 'gpu-pool-1' },
    storage: { type: 's3', location: 'models' },
  };

  it.each(['flower', 'openfl'])(
    'fills only parameters that the %s template has',
    framework => {
      const values = relaunchFormData({ ...spec, framework }, 'mnist-r2');
      expect(templateParameters(framework)).toEqual(
        expect.arrayContaining(Object.keys(values)),
      );
    },
  );

  it("carries an OpenFL job's aggregator history setting into its own field", () => {
    expect(
      relaunchFormData(
        {
          ...spec,
          framework: 'openfl',
          runConfig: undefined,
          planOverrides: { aggregator: { settings: { db_store_rounds: 5 } } },
        },
        'mnist-r2',
      ),
    ).toMatchObject({ dbStoreRounds: 5 });
  });

  it('keeps the values under the new name', () => {
    expect(relaunchFormData(spec, 'mnist-r2')).toEqual({
      name: 'mnist-r2',
      image: spec.image,
      rounds: 5,
      minClients: 2,
      learningRate: 0.05,
      placement: spec.clients.placement,
      dataClaim: 'data.fl.open-cluster-management.io',
      aggregatorCluster: 'gpu-pool-1',
      storage: spec.storage,
    });
  });

  it('counts relaunches up and stays within 40 characters', () => {
    expect(nextJobName('mnist-r2')).toBe('mnist-r3');
    expect(nextJobName('mnist-r9')).toBe('mnist-r10');
    const long = nextJobName('a'.repeat(40));
    expect(long).toHaveLength(40);
    expect(long.endsWith('-r2')).toBe(true);
  });

  it('proposes the first successor name that no job holds', async () => {
    const taken = new Set(['mnist-r2', 'mnist-r3']);
    const asked: string[] = [];
    const isTaken = async (name: string) => {
      asked.push(name);
      return taken.has(name);
    };
    expect(await freeJobName('mnist', isTaken)).toBe('mnist-r4');
    expect(asked).toEqual(['mnist-r2', 'mnist-r3', 'mnist-r4']);
    // It gives up after a bound and proposes the last one (the launch then names the clash).
    expect(await freeJobName('mnist', async () => true, 3)).toBe('mnist-r4');
  });
});
