import {
  Manifest,
  parseJobSpec,
  renderJob,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { KubeObject } from '../store/types';
import { testJobStorage, testStorageLocation } from '../testing/startTestS3';
import { findModelVolume, uploaderSettings } from './modelVolume';
import { idKey, resourceIdOf, SimulatedCluster } from './SimulatedCluster';

const S3 = { endpoint: 'http://127.0.0.1:4569', bucket: 'models' };

/** The aggregator's workloads as its work agent would apply them on a cluster. */
function aggregatorCluster(forcePathStyle: boolean, framework: string) {
  const parsed = parseJobSpec({
    name: 'mnist',
    framework,
    image: 'registry.example.com/fl/mnist:1.0',
    rounds: 2,
    minClients: 1,
    clients: { clusters: ['hospital-paris'] },
    data: { type: 'hostPath', path: '/data' },
    aggregator: {
      cluster: 'hospital-berlin',
      exposure: { type: 'NodePort', address: '10.0.0.1', nodePort: 30092 },
    },
    storage: testJobStorage(),
    tls: { enabled: false },
  });
  if (!parsed.success) throw new Error(JSON.stringify(parsed.issues));
  const work = renderJob({
    spec: parsed.spec,
    namespace: 'federated-learning',
    participants: [{ cluster: 'hospital-paris', data: { hostPath: '/data' } }],
    aggregatorAddress: { host: '10.0.0.1', port: 30092 },
    storageLocation: { ...testStorageLocation(S3), forcePathStyle },
    s3CredentialsData: {},
  }).aggregatorWork;
  const cluster = new SimulatedCluster('hospital-berlin', '198.51.100.1');
  for (const manifest of (work.spec as any).workload.manifests as Manifest[])
    cluster.resources.set(
      idKey(resourceIdOf(manifest as KubeObject)),
      manifest as KubeObject,
    );
  return cluster;
}

const uploaderOf = (cluster: SimulatedCluster) =>
  findModelVolume(cluster, 'fl-mnist')!.pod.initContainers!.find(
    c => c.name === 'model-uploader',
  )!;

describe.each(['flower', 'openfl'])('model volume (%s)', framework => {
  it('is the emptyDir beside the uploader, which syncs to its own target', () => {
    const cluster = aggregatorCluster(true, framework);
    const volume = findModelVolume(cluster, 'fl-mnist')!;
    expect(volume.filesKey).toMatch(
      /^(apps\/deployments|batch\/jobs)\/.*#models$/,
    );
    expect(uploaderSettings(cluster, 'fl-mnist', volume)).toEqual({
      bucket: 'models',
      prefix: 'federated-learning/mnist/',
      region: 'us-east-1',
      endpoint: S3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: '', secretAccessKey: '' },
    });
  });

  it('reads the addressing style from the CLI configuration the uploader writes', () => {
    const cluster = aggregatorCluster(false, framework);
    const volume = findModelVolume(cluster, 'fl-mnist')!;
    expect(uploaderSettings(cluster, 'fl-mnist', volume)?.forcePathStyle).toBe(
      false,
    );
  });

  it('ignores AWS_S3_ADDRESSING_STYLE, a variable the AWS CLI does not read', () => {
    const cluster = aggregatorCluster(true, framework);
    const uploader = uploaderOf(cluster);
    // The uploader as it was rendered before: the style only in a variable, no config file.
    uploader.command = [
      '/bin/sh',
      '-c',
      'while true; do aws s3 sync "$FL_MODEL_DIR" "$FL_MODEL_URI"; sleep 30; done',
    ];
    uploader.env = [
      ...uploader.env!.filter(e => e.name !== 'FL_S3_ADDRESSING_STYLE'),
      { name: 'AWS_S3_ADDRESSING_STYLE', value: 'path' },
    ];
    const volume = findModelVolume(cluster, 'fl-mnist')!;
    expect(uploaderSettings(cluster, 'fl-mnist', volume)?.forcePathStyle).toBe(
      false,
    );
  });
});
