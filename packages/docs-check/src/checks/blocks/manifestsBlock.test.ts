import { probeBlock } from '../__testUtils__/probeBlock';
import { checkManifests } from './manifestsBlock';

const check = (content: string) =>
  checkManifests(probeBlock('yaml manifests', content));

describe('checkManifests', () => {
  it('fails on a manifest with a field its CRD does not know, and on an unknown kind', async () => {
    await expect(
      check(
        'apiVersion: cluster.open-cluster-management.io/v1beta2\nkind: ManagedClusterSetBinding\nmetadata: { name: a, namespace: b }\nspec: { clusterSet: a, colour: red }\n',
      ),
    ).rejects.toThrow(/unknown field "spec.colour"/);
    await expect(
      check(
        'apiVersion: example.org/v1\nkind: Widget\nmetadata: { name: a }\n',
      ),
    ).rejects.toThrow(/no schema for example.org\/v1\/Widget/);
  });
});
