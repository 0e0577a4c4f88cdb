import { probeBlock, probeContext } from '../__testUtils__/probeBlock';
import { checkOcmFl } from './ocmFlBlock';

describe('checkOcmFl', () => {
  it('fails on an ocm-fl command that exits otherwise than the page says', async () => {
    const context = probeContext();
    try {
      await expect(
        checkOcmFl(
          probeBlock('sh ocm-fl', 'yarn ocm-fl launch -f missing.yaml\n'),
          context,
        ),
      ).rejects.toThrow(
        /exited 2, not 0: ocm-fl: -f\/--file: cannot read missing.yaml/,
      );
    } finally {
      await context.session.close();
    }
  });
});
