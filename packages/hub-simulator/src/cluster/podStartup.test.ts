import { KubeObject } from '../store/types';
import { ContainerCommand } from './frameworks';
import { NamespacedLookup, podTrouble } from './podStartup';

const object = (kind: string, name: string, data = {}): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, namespace: 'fl-demo' },
  data,
});

/** A namespace holding the given objects, found by their plural resource name. */
const namespaceWith =
  (...objects: KubeObject[]): NamespacedLookup =>
  (resource, name) =>
    objects.find(
      o => `${o.kind.toLowerCase()}s` === resource && o.metadata.name === name,
    );

const template = (pod: Record<string, unknown>) => ({
  spec: {
    containers: [{ name: 'app', image: 'registry.example.com/app:1.0' }],
    ...pod,
  },
});
const noCommandProblems = () => [];

describe('podTrouble', () => {
  it('runs a pod whose Secrets, ConfigMaps, PVCs and service account exist', () => {
    const pod = template({
      serviceAccountName: 'aggregator',
      volumes: [
        {
          name: 'tls',
          secret: {
            secretName: 'tls',
            items: [{ key: 'ca.crt', path: 'ca.crt' }],
          },
        },
        { name: 'plan', configMap: { name: 'plan' } },
        { name: 'models', persistentVolumeClaim: { claimName: 'models' } },
      ],
    });
    const lookup = namespaceWith(
      object('ServiceAccount', 'aggregator'),
      object('Secret', 'tls', { 'ca.crt': 'Y2E=' }),
      object('ConfigMap', 'plan'),
      object('PersistentVolumeClaim', 'models'),
    );
    expect(
      podTrouble(pod, 'fl-demo', lookup, noCommandProblems),
    ).toBeUndefined();
  });

  it('keeps a pod whose PVC is missing unscheduled', () => {
    const pod = template({
      volumes: [
        { name: 'data', persistentVolumeClaim: { claimName: 'imaging' } },
      ],
    });
    expect(
      podTrouble(pod, 'fl-demo', namespaceWith(), noCommandProblems),
    ).toEqual({
      state: 'pending',
      reason: 'Unschedulable',
      message: 'persistentvolumeclaim "imaging" not found',
    });
  });

  it('cannot mount a missing Secret or ConfigMap, or a key they lack, unless optional', () => {
    const secretVolume = template({
      volumes: [{ name: 'tls', secret: { secretName: 'superlink-tls' } }],
    });
    expect(
      podTrouble(secretVolume, 'fl-demo', namespaceWith(), noCommandProblems),
    ).toEqual({
      state: 'pending',
      reason: 'ContainerCreating',
      message:
        'MountVolume.SetUp failed for volume "tls" : secret "superlink-tls" not found',
    });
    const missingKey = template({
      volumes: [
        {
          name: 'plan',
          configMap: {
            name: 'plan',
            items: [{ key: 'plan.yaml', path: 'plan.yaml' }],
          },
        },
      ],
    });
    expect(
      podTrouble(
        missingKey,
        'fl-demo',
        namespaceWith(object('ConfigMap', 'plan', { 'cols.yaml': '' })),
        noCommandProblems,
      )?.message,
    ).toBe(
      'MountVolume.SetUp failed for volume "plan" : configmap references non-existent config key: plan.yaml',
    );
    const optional = template({
      volumes: [
        {
          name: 'tls',
          secret: { secretName: 'superlink-tls', optional: true },
        },
      ],
    });
    expect(
      podTrouble(optional, 'fl-demo', namespaceWith(), noCommandProblems),
    ).toBeUndefined();
  });

  it('cannot configure a container whose environment refers to a missing Secret or key', () => {
    const fromSecret = template({
      containers: [
        {
          name: 'uploader',
          image: 'amazon/aws-cli:2.17.0',
          envFrom: [{ secretRef: { name: 's3-credentials' } }],
        },
      ],
    });
    expect(
      podTrouble(fromSecret, 'fl-demo', namespaceWith(), noCommandProblems),
    ).toEqual({
      state: 'pending',
      reason: 'CreateContainerConfigError',
      message: 'secret "s3-credentials" not found',
    });
    const keyRef = template({
      initContainers: [
        {
          name: 'plan',
          image: 'busybox:1.36',
          env: [
            {
              name: 'ROUNDS',
              valueFrom: { configMapKeyRef: { name: 'plan', key: 'rounds' } },
            },
          ],
        },
      ],
    });
    expect(
      podTrouble(
        keyRef,
        'fl-demo',
        namespaceWith(object('ConfigMap', 'plan')),
        noCommandProblems,
      ),
    ).toEqual({
      state: 'pending',
      reason: 'Init:CreateContainerConfigError',
      message: "couldn't find key rounds in ConfigMap fl-demo/plan",
    });
  });

  it('does not create pods for a missing service account', () => {
    expect(
      podTrouble(
        template({ serviceAccountName: 'aggregator' }),
        'fl-demo',
        namespaceWith(),
        noCommandProblems,
      ),
    ).toEqual({
      state: 'pending',
      reason: 'FailedCreate',
      message:
        'error looking up service account fl-demo/aggregator: serviceaccount "aggregator" not found',
    });
    expect(
      podTrouble(
        template({ serviceAccountName: 'default' }),
        'fl-demo',
        namespaceWith(),
        noCommandProblems,
      ),
    ).toBeUndefined();
  });

  it('crash-loops a container whose command would exit at start, with the check’s reason', () => {
    const seen: ContainerCommand[] = [];
    const refuseTypo = (container: ContainerCommand) => {
      seen.push(container);
      return container.args?.includes('--insecur')
        ? ['unrecognized arguments: --insecur']
        : [];
    };
    const pod = template({
      containers: [
        {
          name: 'superlink',
          image: 'flwr/superlink:1.26.1',
          command: ['flower-superlink'],
          args: ['--insecur'],
        },
      ],
    });
    expect(podTrouble(pod, 'fl-demo', namespaceWith(), refuseTypo)).toEqual({
      state: 'crashing',
      reason: 'CrashLoopBackOff',
      message:
        'container "superlink" exits at start: unrecognized arguments: --insecur',
    });
    expect(seen).toEqual([
      {
        name: 'superlink',
        image: 'flwr/superlink:1.26.1',
        command: ['flower-superlink'],
        args: ['--insecur'],
      },
    ]);
  });

  it('meets a missing mount before a bad command, as the kubelet does', () => {
    const pod = template({
      volumes: [{ name: 'tls', secret: { secretName: 'superlink-tls' } }],
    });
    expect(
      podTrouble(pod, 'fl-demo', namespaceWith(), () => ['exits'])?.reason,
    ).toBe('ContainerCreating');
  });
});

describe('podTrouble: native sidecars', () => {
  const pod = template({
    initContainers: [
      { name: 'merge-plan', image: 'registry.example.com/app:1.0' },
      {
        name: 'model-uploader',
        image: 'amazon/aws-cli:2.22.35',
        restartPolicy: 'Always',
      },
    ],
  });

  it('keeps a pod with a native sidecar initialising on Kubernetes older than 1.29', () => {
    expect(
      podTrouble(
        pod,
        'fl-demo',
        namespaceWith(),
        noCommandProblems,
        'v1.28.15',
      ),
    ).toEqual({
      state: 'pending',
      reason: 'Init:1/2',
      message:
        'init container "model-uploader" never completes: Kubernetes v1.28.15 has no native sidecars (on by default from 1.29) and drops its restartPolicy Always',
    });
  });

  it.each(['v1.29.0', 'v1.31.2+k3s1'])('runs it on %s', version => {
    expect(
      podTrouble(pod, 'fl-demo', namespaceWith(), noCommandProblems, version),
    ).toBeUndefined();
  });
});
