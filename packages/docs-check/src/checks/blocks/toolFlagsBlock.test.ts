import { probeBlock, probeContext } from '../__testUtils__/probeBlock';
import { hasTool } from './toolHelp';
import { checkToolFlags } from './toolFlagsBlock';

// scripts/test.sh installs kubectl, so CI never skips; a developer machine may lack it.
const describeWithKubectl =
  hasTool('kubectl') || process.env.CI ? describe : describe.skip;

describeWithKubectl('checkToolFlags on kubectl', () => {
  it('fails on a flag that does not exist', async () => {
    await expect(
      checkToolFlags(
        probeBlock('sh kubectl', 'kubectl get managedclusters --colour=red\n'),
        probeContext(),
      ),
    ).rejects.toThrow(/has no flag --colour/);
  });
});
