import { Manifest, renderJob } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import {
  FRAMEWORKS_AND_STORAGES,
  testRenderInput as input,
  testRenderInputFor,
} from '@ocm-fl/backstage-plugin-ocm-fl-common/testing';
import { KUBERNETES_MODELS } from '../cluster/apiAdmission';
import { CrdSchemas, OCM_CRD_DIR } from './CrdSchemas';

/**
 * What the renderer makes is what a hub admits: the Placement and the ManifestWorks against
 * OCM's CRDs (strict), every workload manifest against the Kubernetes schemas.
 */
const crds = CrdSchemas.fromDirectory(OCM_CRD_DIR);

const manifestsOf = (work: Manifest) =>
  (work.spec as any).workload.manifests as Manifest[];

function validateAll(rendered: ReturnType<typeof renderJob>) {
  const objects = [
    ...(rendered.placement ? [rendered.placement] : []),
    rendered.aggregatorWork,
    ...rendered.clientWorks,
  ];
  for (const object of objects) {
    crds.admit(object as any, 'Strict');
  }
  for (const work of [rendered.aggregatorWork, ...rendered.clientWorks]) {
    for (const manifest of manifestsOf(work)) {
      const Model =
        KUBERNETES_MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      if (!Model)
        throw new Error(
          `no schema for ${manifest.apiVersion} ${manifest.kind}`,
        );
      new Model(manifest).validate();
    }
  }
}

describe.each(FRAMEWORKS_AND_STORAGES)(
  'renderJob: %s with %s storage',
  (framework, storage) => {
    const rendered = renderJob(testRenderInputFor(framework, storage));

    it('renders objects valid against the OCM CRDs (strict) and the Kubernetes schemas', () => {
      expect(() => validateAll(rendered)).not.toThrow();
    });
  },
);

describe('the validation harness', () => {
  it('catches a broken workload and an unknown field in a ManifestWork', () => {
    const rendered = renderJob(input());
    const broken = structuredClone(rendered);
    const superlink = manifestsOf(broken.aggregatorWork).find(
      m => m.kind === 'Deployment' && m.metadata.name === 'superlink',
    ) as any;
    superlink.spec.replicas = 'one';
    expect(() => validateAll(broken)).toThrow();
    const unknown = structuredClone(rendered);
    (unknown.aggregatorWork.spec as any).surprise = true;
    expect(() => validateAll(unknown)).toThrow(/unknown field "spec.surprise"/);
  });
});
