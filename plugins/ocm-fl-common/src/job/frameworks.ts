/**
 * The framework versions this project renders manifests for, with what differs per
 * version. One table: the job spec accepts exactly these versions.
 *
 * @public
 */
export const FRAMEWORKS = {
  flower: {
    defaultVersion: '1.26.1',
    versions: {
      '1.26.1': {
        superlinkImage: 'flwr/superlink:1.26.1-py3.13-ubuntu24.04',
        supernodeImage: 'flwr/supernode:1.26.1-py3.13-ubuntu24.04',
        /** The app image is built FROM this one. */
        superexecBase: 'flwr/superexec:1.26.1-py3.13-ubuntu24.04',
        ports: {
          serverAppIo: 9091,
          fleet: 9092,
          control: 9093,
          clientAppIo: 9094,
        },
        /** Images run as this user with HOME /app. */
        uid: 49999,
      },
    },
  },
  openfl: {
    // The newest release tag of securefederatedai/openfl whose source the project could
    // read and cite (v1.6); every plan key and `fx` flag rendered is checked against it.
    defaultVersion: '1.6',
    versions: {
      '1.6': {
        /**
         * The port the rendered plan gives the aggregator: OpenFL's own default (`auto`)
         * derives one from the plan hash (openfl/federated/plan/plan.py, Plan.resolve).
         */
        aggregatorPort: 50051,
      },
    },
  },
} as const;

/** @public */
export type FrameworkName = keyof typeof FRAMEWORKS;

/** The names a job spec's `framework` may take. @public */
export const FRAMEWORK_NAMES = Object.keys(FRAMEWORKS) as [
  FrameworkName,
  ...FrameworkName[],
];

/** The name if it is one of ours: a hand-edited hub object may carry any text. @public */
export const frameworkNameOf = (name: unknown): FrameworkName | undefined =>
  FRAMEWORK_NAMES.find(known => known === name);

/** @public */
export function frameworkVersions(framework: FrameworkName): string[] {
  return Object.keys(FRAMEWORKS[framework].versions);
}

/**
 * The port of the aggregator's exposed Service for a framework version: Flower's Fleet API
 * or OpenFL's aggregator port.
 *
 * @public
 */
export function aggregatorServicePort(spec: {
  framework: FrameworkName;
  frameworkVersion: string;
}): number {
  if (spec.framework === 'flower') {
    return FRAMEWORKS.flower.versions[
      spec.frameworkVersion as keyof typeof FRAMEWORKS.flower.versions
    ].ports.fleet;
  }
  return FRAMEWORKS.openfl.versions[
    spec.frameworkVersion as keyof typeof FRAMEWORKS.openfl.versions
  ].aggregatorPort;
}
