import { OPENFL_PLAN_SETTINGS_SET_BY_LAUNCHER } from '../job/planOverrides';
import { ModelStorageLocation } from '../storage/modelStorageLocation';
import { OPENFL_PLAN_MERGE_SCRIPT } from './openflPlanMerge';
import { renderJob } from './renderJob';
import { Manifest, RenderInput } from './types';
import {
  TEST_MODELS_LOCATION as MODELS_LOCATION,
  TEST_PKI as pki,
  TEST_S3_SECRET_VALUE as S3_SECRET_VALUE,
  testRenderInput as input,
  testRenderInputFor,
} from '../testing';

const manifestsOf = (work: Manifest) =>
  (work.spec as any).workload.manifests as Manifest[];
const find = (work: Manifest, kind: string, name: string) =>
  manifestsOf(work).find(
    m => m.kind === kind && m.metadata.name === name,
  ) as any;
const podOf = (m: any) => m.spec.template.spec;
const allObjects = (r: ReturnType<typeof renderJob>) => [
  ...(r.placement ? [r.placement] : []),
  r.aggregatorWork,
  ...r.clientWorks,
];

describe.each([
  ['flower', 's3'],
  ['flower', 'pvc'],
  ['openfl', 's3'],
  ['openfl', 'pvc'],
] as const)('renderJob: %s with %s storage', (framework, storage) => {
  const rendered = renderJob(testRenderInputFor(framework, storage));

  it('names and labels every object of the job', () => {
    expect(rendered.placement?.metadata).toMatchObject({
      name: 'mnist',
      namespace: 'federated-learning',
    });
    expect(rendered.aggregatorWork.metadata).toMatchObject({
      name: 'mnist-aggregator',
      namespace: 'hospital-berlin',
    });
    expect(
      rendered.clientWorks.map(w => [w.metadata.name, w.metadata.namespace]),
    ).toEqual([
      ['mnist-client', 'hospital-paris'],
      ['mnist-client', 'hospital-madrid'],
    ]);
    for (const object of allObjects(rendered)) {
      expect(object.metadata.labels).toMatchObject({
        'federated-learning.open-cluster-management.io/job': 'mnist',
        'app.kubernetes.io/managed-by': 'backstage-ocm-fl',
      });
      expect(
        JSON.parse(
          object.metadata.annotations![
            'federated-learning.open-cluster-management.io/spec'
          ],
        ).name,
      ).toBe('mnist');
      expect(
        object.metadata.annotations![
          'federated-learning.open-cluster-management.io/created-by'
        ],
      ).toBe('user:default/alice');
    }
    for (const m of [rendered.aggregatorWork, ...rendered.clientWorks].flatMap(
      manifestsOf,
    )) {
      expect(m.metadata.namespace ?? m.metadata.name).toBe('fl-mnist');
    }
  });

  it('writes on every work the participants and address it was rendered with, which a resumed launch checks', () => {
    for (const work of [rendered.aggregatorWork, ...rendered.clientWorks])
      expect(work.metadata.annotations).toMatchObject({
        'federated-learning.open-cluster-management.io/participants':
          'hospital-paris,hospital-madrid',
        'federated-learning.open-cluster-management.io/aggregator-address':
          '198.51.100.7:9092',
      });
    expect(rendered.placement?.metadata.annotations).not.toHaveProperty(
      'federated-learning.open-cluster-management.io/participants',
    );
    // Rendered with no participants (the launcher's address draft): nothing pinned yet.
    const draft = renderJob({
      ...testRenderInputFor(framework, storage),
      participants: [],
    }).aggregatorWork;
    expect(Object.keys(draft.metadata.annotations!)).not.toEqual(
      expect.arrayContaining([
        'federated-learning.open-cluster-management.io/participants',
      ]),
    );
  });

  it('bounds every Job by the time training may take, so that a pod that never starts fails the job', () => {
    const jobs = [rendered.aggregatorWork, ...rendered.clientWorks]
      .flatMap(manifestsOf)
      .filter(m => m.kind === 'Job');
    expect(jobs.length).toBeGreaterThan(0);
    const { rounds } = JSON.parse(
      rendered.aggregatorWork.metadata.annotations![
        'federated-learning.open-cluster-management.io/spec'
      ],
    );
    for (const job of jobs)
      expect((job.spec as any).activeDeadlineSeconds).toBe(
        1800 + rounds * 3600,
      );
  });

  it('never mounts training data on the aggregator, and mounts it read-only on clients', () => {
    const volumes = manifestsOf(rendered.aggregatorWork).flatMap(
      m => (m as any).spec?.template?.spec?.volumes ?? [],
    );
    expect(volumes.filter((v: any) => v.name === 'data' || v.hostPath)).toEqual(
      [],
    );
    for (const work of rendered.clientWorks) {
      const mounts = manifestsOf(work).flatMap(m =>
        ((m as any).spec?.template?.spec?.containers ?? []).flatMap(
          (c: any) => c.volumeMounts ?? [],
        ),
      );
      expect(mounts.filter((m: any) => m.name === 'data')).toEqual([
        expect.objectContaining({ mountPath: '/data', readOnly: true }),
      ]);
    }
    const paris = JSON.stringify(rendered.clientWorks[0]);
    const madrid = JSON.stringify(rendered.clientWorks[1]);
    expect(paris).toContain(
      '"hostPath":{"path":"/data/radiology","type":"Directory"}',
    );
    expect(madrid).toContain(
      '"persistentVolumeClaim":{"claimName":"radiology","readOnly":true}',
    );
  });

  it('puts each private key only into the work of the cluster that uses it', () => {
    const text = (o: Manifest) => JSON.stringify(o);
    expect(text(rendered.aggregatorWork)).toContain(
      JSON.stringify(pki.aggregator.keyPem).slice(1, -1),
    );
    for (const work of rendered.clientWorks) {
      expect(text(work)).not.toContain(
        JSON.stringify(pki.aggregator.keyPem).slice(1, -1),
      );
    }
    const clientKeys = {
      openfl: Object.entries(pki.clients).map(([c, p]) => [c, p.keyPem]),
      flower: Object.entries(pki.supernodeKeys!).map(([c, k]) => [
        c,
        k.privateKey,
      ]),
    };
    for (const [fw, keys] of Object.entries(clientKeys)) {
      for (const [cluster, privateKey] of keys) {
        const key = JSON.stringify(privateKey).slice(1, -1);
        for (const object of allObjects(rendered)) {
          const owner =
            object.metadata.namespace === cluster && framework === fw;
          expect(text(object).includes(key)).toBe(owner);
        }
      }
    }
    expect(text(rendered.placement!)).not.toContain('PRIVATE KEY');
  });

  it('keeps credentials out of every object but the copied Secret', () => {
    for (const object of allObjects(rendered)) {
      const withoutSecret = JSON.stringify({
        ...object,
        spec: {
          ...(object.spec as any),
          workload: {
            manifests: ((object.spec as any)?.workload?.manifests ?? []).filter(
              (m: Manifest) => m.metadata.name !== 's3-credentials',
            ),
          },
        },
      });
      expect(withoutSecret).not.toContain(S3_SECRET_VALUE);
      expect(withoutSecret).not.toContain('super-secret');
    }
  });

  it('runs every container as non-root without privilege escalation', () => {
    const containers = [rendered.aggregatorWork, ...rendered.clientWorks]
      .flatMap(manifestsOf)
      .flatMap(m => [
        ...((m as any).spec?.template?.spec?.containers ?? []),
        ...((m as any).spec?.template?.spec?.initContainers ?? []),
      ]);
    expect(containers.length).toBeGreaterThan(0);
    for (const c of containers) {
      expect(c.securityContext).toMatchObject({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(c.resources.requests).toBeDefined();
    }
  });
});

const storageFacts = (rendered: ReturnType<typeof renderJob>) => {
  const uploader = manifestsOf(rendered.aggregatorWork)
    .flatMap(m => (m as any).spec?.template?.spec?.initContainers ?? [])
    .find((c: any) => c.name === 'model-uploader');
  const pvc = manifestsOf(rendered.aggregatorWork).find(
    m => m.kind === 'PersistentVolumeClaim',
  );
  const uploaderPod = manifestsOf(rendered.aggregatorWork)
    .map(m => (m as any).spec?.template?.spec)
    .find(pod => pod?.initContainers?.includes(uploader));
  return {
    pvc: pvc && { name: pvc.metadata.name, ...(pvc.spec as object) },
    gracePeriodSeconds: uploaderPod?.terminationGracePeriodSeconds,
    deleteOption: (rendered.aggregatorWork.spec as any).deleteOption,
    uploader: uploader && {
      restartPolicy: uploader.restartPolicy,
      envFrom: uploader.envFrom,
      env: Object.fromEntries(
        uploader.env.map((e: { name: string; value: string }) => [
          e.name,
          e.value,
        ]),
      ),
    },
    copiedSecret: find(rendered.aggregatorWork, 'Secret', 's3-credentials')
      ?.data.AWS_SECRET_ACCESS_KEY,
  };
};

describe.each(['flower', 'openfl'] as const)(
  'renderJob: model storage (%s)',
  framework => {
    it('syncs the model directory to S3 with a native sidecar and copied credentials', () => {
      expect(storageFacts(renderJob(input({ framework })))).toEqual({
        pvc: undefined,
        gracePeriodSeconds: 300,
        deleteOption: { propagationPolicy: 'Foreground' },
        uploader: {
          restartPolicy: 'Always',
          envFrom: [{ secretRef: { name: 's3-credentials' } }],
          env: {
            FL_MODEL_DIR: '/models',
            FL_MODEL_URI: 's3://models/federated-learning/mnist/',
            AWS_REGION: 'us-east-1',
            AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569',
            AWS_CONFIG_FILE: '/tmp/aws-config',
            FL_S3_ADDRESSING_STYLE: 'path',
            HOME: '/tmp',
          },
        },
        copiedSecret: S3_SECRET_VALUE,
      });
    });

    it('gives the uploader path-style addressing in its AWS CLI configuration, which the CLI reads, not in a variable it ignores', () => {
      const uploader = manifestsOf(
        renderJob(input({ framework })).aggregatorWork,
      )
        .flatMap(m => (m as any).spec?.template?.spec?.initContainers ?? [])
        .find((c: any) => c.name === 'model-uploader');
      const env = Object.fromEntries(
        uploader.env.map((e: { name: string; value: string }) => [
          e.name,
          e.value,
        ]),
      );
      // The script writes `[default] s3 = addressing_style = ...` into $AWS_CONFIG_FILE, a
      // file of its own writable tmp volume; the value comes from the environment.
      expect(uploader.command[2]).toContain(
        `printf '[default]\\ns3 =\\n  addressing_style = %s\\n' "$FL_S3_ADDRESSING_STYLE" > "$AWS_CONFIG_FILE"`,
      );
      expect(env.FL_S3_ADDRESSING_STYLE).toBe('path');
      expect(env.AWS_CONFIG_FILE).toMatch(/^\/tmp\//);
      expect(uploader.volumeMounts).toContainEqual({
        name: 'tmp',
        mountPath: '/tmp',
      });
      expect(env.AWS_S3_ADDRESSING_STYLE).toBeUndefined();
    });

    it('keeps a PVC model, named after its launch, and its namespace after the job (SelectivelyOrphan) and uploads nothing', () => {
      const rendered = renderJob(
        input(
          {
            framework,
            storage: {
              type: 'pvc',
              size: '20Gi',
              storageClassName: 'standard',
            },
          },
          { runId: 'c0ffee00-0000-4000-8000-000000000001' },
        ),
      );
      const claim = 'mnist-model-c0ffee00-0000-4000-8000-000000000001';
      expect(storageFacts(rendered)).toEqual({
        pvc: expect.objectContaining({
          name: claim,
          storageClassName: 'standard',
          resources: { requests: { storage: '20Gi' } },
        }),
        gracePeriodSeconds: undefined,
        // Deleting the namespace would delete the PVC in it: both are orphaned.
        deleteOption: {
          propagationPolicy: 'SelectivelyOrphan',
          selectivelyOrphans: {
            orphaningRules: [
              { group: '', resource: 'namespaces', name: 'fl-mnist' },
              {
                group: '',
                resource: 'persistentvolumeclaims',
                namespace: 'fl-mnist',
                name: claim,
              },
            ],
          },
        },
        uploader: undefined,
        copiedSecret: undefined,
      });
    });
  },
);

describe('renderJob: Flower specifics', () => {
  const rendered = renderJob(
    input({ runConfig: { 'learning-rate': 0.01, 'fraction-fit': '0.5' } }),
  );

  it('uses the flags of Flower 1.26.1 with TLS on the SuperLink and CA on the SuperNodes', () => {
    const superlink = podOf(
      find(rendered.aggregatorWork, 'Deployment', 'superlink'),
    ).containers[0];
    expect(superlink.image).toBe('flwr/superlink:1.26.1-py3.13-ubuntu24.04');
    expect(superlink.args).toEqual(
      expect.arrayContaining([
        '--isolation=process',
        '--ssl-ca-certfile=/tls/ca.crt',
        '--ssl-certfile=/tls/tls.crt',
        '--ssl-keyfile=/tls/tls.key',
      ]),
    );
    expect(superlink.args).not.toContain('--insecure');
    const supernode = podOf(
      find(rendered.clientWorks[0], 'Deployment', 'supernode'),
    ).containers[0];
    expect(supernode.args).toEqual(
      expect.arrayContaining([
        '--superlink=198.51.100.7:9092',
        '--root-certificates=/tls/ca.crt',
        '--isolation=process',
        '--clientappio-api-address=0.0.0.0:9094',
        '--node-config=cluster-name="hospital-paris" data-path="/data"',
      ]),
    );
    const clientapp = podOf(
      find(rendered.clientWorks[0], 'Deployment', 'clientapp'),
    ).containers[0];
    expect(clientapp.args).toEqual([
      '--insecure',
      '--appio-api-address=supernode:9094',
      '--plugin-type=clientapp',
    ]);
  });

  it('submits the run with its run-config and gives the job a terminal state', () => {
    const submit = find(rendered.aggregatorWork, 'Job', 'submit');
    expect(
      submit.metadata.labels[
        'federated-learning.open-cluster-management.io/role'
      ],
    ).toBe('aggregator');
    const container = podOf(submit).containers[0];
    const script = container.command[2];
    expect(script).toContain(
      'flwr run /app cluster --run-config "$FL_RUN_CONFIG"',
    );
    expect(container.env).toContainEqual({
      name: 'FL_RUN_CONFIG',
      value:
        'num-server-rounds=5 min-available-nodes=2 min-train-nodes=2 min-evaluate-nodes=2 learning-rate=0.01 fraction-fit="0.5"',
    });
    expect(script).toContain('finished:completed) echo');
    expect(
      find(rendered.aggregatorWork, 'ConfigMap', 'flwr-config').data[
        'config.toml'
      ],
    ).toBe(
      '[superlink.cluster]\naddress = "superlink:9093"\nroot-certificates = "/tls/ca.crt"\n',
    );
  });

  it('exposes the Fleet API and reports its address, and feeds back workload status', () => {
    const fleet = find(rendered.aggregatorWork, 'Service', 'superlink-fleet');
    expect(fleet.spec).toMatchObject({
      type: 'LoadBalancer',
      ports: [{ port: 9092 }],
    });
    const configs = (rendered.aggregatorWork.spec as any).manifestConfigs;
    expect(
      configs.map(
        (c: any) =>
          `${c.resourceIdentifier.resource}/${c.resourceIdentifier.name}`,
      ),
    ).toEqual([
      'deployments/superlink',
      'deployments/serverapp',
      'services/superlink-fleet',
      'jobs/submit',
    ]);
    // The work agent evaluates JSONPaths on the whole object, not under its status.
    const paths = [rendered.aggregatorWork, ...rendered.clientWorks]
      .flatMap((w: any) => w.spec.manifestConfigs)
      .flatMap((c: any) => c.feedbackRules)
      .flatMap((r: any) => r.jsonPaths ?? [])
      .map((p: any) => p.path);
    expect(paths).toContain('.status.loadBalancer.ingress[0].hostname');
    for (const path of paths) expect(path).toMatch(/^\.status\./);
  });

  it('renders --insecure everywhere when TLS is off, with no certificates', () => {
    const plain = renderJob(
      input({ tls: { enabled: false } }, { pki: undefined }),
    );
    expect(JSON.stringify(plain)).not.toContain('BEGIN');
    expect(
      podOf(find(plain.clientWorks[0], 'Deployment', 'supernode')).containers[0]
        .args,
    ).toContain('--insecure');
  });

  it('exposes a NodePort at the address clients dial', () => {
    const nodePort = renderJob(
      input(
        {
          aggregator: {
            cluster: 'hospital-berlin',
            exposure: {
              type: 'NodePort',
              address: 'fl.example.org',
              nodePort: 31092,
            },
          },
        },
        { aggregatorAddress: { host: 'fl.example.org', port: 31092 } },
      ),
    );
    expect(
      find(nodePort.aggregatorWork, 'Service', 'superlink-fleet').spec,
    ).toMatchObject({
      type: 'NodePort',
      ports: [{ port: 9092, nodePort: 31092 }],
    });
    expect(
      podOf(find(nodePort.clientWorks[0], 'Deployment', 'supernode'))
        .containers[0].args,
    ).toContain('--superlink=fl.example.org:31092');
  });
});

describe('renderJob: OpenFL specifics', () => {
  const openfl = input(
    {
      framework: 'openfl',
      planOverrides: { aggregator: { settings: { db_store_rounds: 2 } } },
    },
    { aggregatorAddress: { host: 'agg.example.org', port: 50051 } },
  );
  // The spec refuses overrides of what the renderer sets; the renderer holds even so.
  const rendered = renderJob({
    ...openfl,
    spec: {
      ...openfl.spec,
      planOverrides: {
        aggregator: { settings: { rounds_to_train: 999, db_store_rounds: 2 } },
        network: { settings: { agg_port: 1 } },
      },
    },
  });
  const planOf = (work: Manifest) =>
    find(work, 'ConfigMap', 'openfl-plan').data;
  const settingsOf = (work: Manifest) =>
    JSON.parse(planOf(work)['plan-settings.json']);

  it('shares one byte-identical plan, collaborator list and data file across all parties', () => {
    const plans = [rendered.aggregatorWork, ...rendered.clientWorks].map(
      planOf,
    );
    for (const plan of plans) expect(plan).toEqual(plans[0]);
    expect(plans[0]['cols.yaml']).toBe(
      'collaborators:\n  - hospital-madrid\n  - hospital-paris\n',
    );
    expect(plans[0]['data.yaml']).toBe(
      'hospital-madrid,/data\nhospital-paris,/data\n',
    );
  });

  it("sets the address, port, rounds and OpenFL 1.6's TLS keys explicitly, over any user override", () => {
    expect(settingsOf(rendered.aggregatorWork)).toEqual({
      aggregator: {
        settings: {
          rounds_to_train: 5,
          db_store_rounds: 2,
          best_state_path: '/models/best.pbuf',
          last_state_path: '/models/last.pbuf',
          write_logs: true,
        },
      },
      network: {
        settings: {
          agg_addr: 'agg.example.org',
          agg_port: 50051,
          tls: true,
          disable_client_auth: false,
        },
      },
    });
    const plain = renderJob(
      input(
        { framework: 'openfl', tls: { enabled: false } },
        { pki: undefined },
      ),
    );
    expect(settingsOf(plain.aggregatorWork).network.settings).toMatchObject({
      tls: false,
      disable_client_auth: true,
    });
  });

  it('has every party merge the plan in an init container of its own image, and read the result', () => {
    for (const work of [rendered.aggregatorWork, ...rendered.clientWorks]) {
      const pod = podOf(manifestsOf(work).find(m => m.kind === 'Job'));
      const [merge] = pod.initContainers;
      expect(merge).toMatchObject({
        name: 'plan',
        image: 'quay.io/example/mnist-app:1.0',
        command: ['python3', '-c', OPENFL_PLAN_MERGE_SCRIPT],
      });
      const main = pod.containers[0];
      expect(main.image).toBe(merge.image);
      expect(main.volumeMounts).toContainEqual({
        name: 'plan',
        mountPath: '/workspace/plan/plan.yaml',
        subPath: 'plan.yaml',
        readOnly: true,
      });
      expect(pod.volumes).toContainEqual({ name: 'plan', emptyDir: {} });
    }
  });

  it('sets exactly the plan settings a spec may not override', () => {
    const plan = settingsOf(
      renderJob(input({ framework: 'openfl' })).aggregatorWork,
    );
    const set = ['aggregator', 'network'].flatMap(section =>
      Object.keys(plan[section].settings).map(
        key => `${section}.settings.${key}`,
      ),
    );
    expect(set.sort()).toEqual(
      [...OPENFL_PLAN_SETTINGS_SET_BY_LAUNCHER].sort(),
    );
  });

  it('names certificates as OpenFL expects them', () => {
    expect(
      Object.keys(
        find(rendered.aggregatorWork, 'Secret', 'openfl-aggregator-cert')
          .stringData,
      ).sort(),
    ).toEqual([
      'agg_agg.example.org.crt',
      'agg_agg.example.org.key',
      'cert_chain.crt',
    ]);
    expect(
      Object.keys(
        find(rendered.clientWorks[0], 'Secret', 'openfl-collaborator-cert')
          .stringData,
      ).sort(),
    ).toEqual([
      'cert_chain.crt',
      'col_hospital-paris.crt',
      'col_hospital-paris.key',
    ]);
    const collaborator = podOf(
      find(rendered.clientWorks[1], 'Job', 'collaborator'),
    ).containers[0];
    expect(collaborator.command).toEqual([
      'fx',
      'collaborator',
      'start',
      '--plan',
      'plan/plan.yaml',
      '--data_config',
      'plan/data.yaml',
      '--collaborator_name',
      'hospital-madrid',
    ]);
  });
});

describe('renderJob: refusals', () => {
  it('refuses TLS without a PKI and an aggregator that is also a client', () => {
    expect(() => renderJob(input({}, { pki: undefined }))).toThrow(/no PKI/);
    expect(() =>
      renderJob(input({ aggregator: { cluster: 'hospital-paris' } })),
    ).toThrow(/cannot also be a client/);
  });

  it('refuses S3 storage without the configured location the spec names', () => {
    expect(() => renderJob(input({}, { storageLocation: undefined }))).toThrow(
      /storage.location: .*"models"/,
    );
    expect(() =>
      renderJob(
        input({}, { storageLocation: { ...MODELS_LOCATION, name: 'other' } }),
      ),
    ).toThrow(/storage.location/);
  });

  it('refuses an OpenFL job whose client clusters are not exactly minClients', () => {
    const openfl = input({ framework: 'openfl' });
    expect(() =>
      renderJob({
        ...openfl,
        participants: [
          ...openfl.participants,
          { cluster: 'edge-frankfurt', data: { hostPath: '/data' } },
        ],
      }),
    ).toThrow(
      /^minClients: OpenFL trains with every collaborator it lists and waits for all of them; 3 client clusters were chosen but minClients is 2$/,
    );
  });

  it('renders no Placement for an explicit cluster list', () => {
    expect(
      renderJob(
        input({ clients: { clusters: ['hospital-paris', 'hospital-madrid'] } }),
      ).placement,
    ).toBeUndefined();
  });
});

describe('renderJob: no value reaches a shell', () => {
  // Values a hostile spec or a careless configuration could carry; the renderer must pass
  // them only as environment values or arguments, never inside a script.
  const HOSTILE = [
    "http://host/';touch /tmp/x;'",
    '$(touch /tmp/y)',
    '`touch /tmp/z`',
    '"; touch /tmp/w; "',
  ];
  const hostileLocation: ModelStorageLocation = {
    ...MODELS_LOCATION,
    endpoint: HOSTILE[0],
    prefix: `runs/${HOSTILE[1]}`,
    region: HOSTILE[2],
  };
  // The spec refuses such run-config values; the renderer must be safe without that help.
  const withRunConfig = (
    renderInput: RenderInput,
    runConfig: Record<string, string>,
  ): RenderInput => ({
    ...renderInput,
    spec: { ...renderInput.spec, runConfig },
  });
  const containersOf = (work: Manifest) =>
    manifestsOf(work).flatMap((m: any) => [
      ...(m.spec?.template?.spec?.initContainers ?? []),
      ...(m.spec?.template?.spec?.containers ?? []),
    ]);

  it.each(['flower', 'openfl'] as const)(
    'passes hostile storage and run-config values as environment values only (%s)',
    framework => {
      const rendered = renderJob(
        withRunConfig(
          input({ framework }, { storageLocation: hostileLocation }),
          { note: HOSTILE[3], other: `'${HOSTILE[1]}'` },
        ),
      );
      const containers = containersOf(rendered.aggregatorWork);
      const scripts = containers
        .filter(c => c.command?.[0] === '/bin/sh')
        .map(c => [...c.command, ...(c.args ?? [])].join(' '));
      expect(scripts.length).toBeGreaterThan(0);
      for (const script of scripts) {
        for (const value of HOSTILE) expect(script).not.toContain(value);
        expect(script).not.toMatch(/touch|note=|runs\//);
      }
      const envValues = containers
        .flatMap(c => c.env ?? [])
        .map((e: { value?: string }) => e.value ?? '')
        .join('\n');
      expect(envValues).toContain(HOSTILE[0]);
      expect(envValues).toContain(HOSTILE[1]);
      expect(envValues).toContain(HOSTILE[2]);
    },
  );

  it('gives OpenFL plan overrides to the plan merge in its settings file only', () => {
    const rendered = renderJob(
      input({
        framework: 'openfl',
        planOverrides: { data_loader: { settings: { note: HOSTILE[1] } } },
      }),
    );
    for (const work of [rendered.aggregatorWork, ...rendered.clientWorks]) {
      const containers = containersOf(work);
      expect(JSON.stringify(containers)).not.toContain('touch');
      expect(containers.find(c => c.name === 'plan').command).toEqual([
        'python3',
        '-c',
        OPENFL_PLAN_MERGE_SCRIPT,
      ]);
      expect(
        find(work, 'ConfigMap', 'openfl-plan').data['plan-settings.json'],
      ).toContain(HOSTILE[1]);
    }
  });

  it("gives Flower's run config to the submit Job as one TOML-quoted environment value", () => {
    const submit = find(
      renderJob(withRunConfig(input(), { note: HOSTILE[3] })).aggregatorWork,
      'Job',
      'submit',
    );
    expect(podOf(submit).containers[0].env).toContainEqual({
      name: 'FL_RUN_CONFIG',
      value: `num-server-rounds=5 min-available-nodes=2 min-train-nodes=2 min-evaluate-nodes=2 note=${JSON.stringify(
        HOSTILE[3],
      )}`,
    });
  });
});
