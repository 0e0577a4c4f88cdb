import { probeBlock } from '../__testUtils__/probeBlock';
import { checkJobSpec } from './jobSpecBlock';

describe('checkJobSpec', () => {
  it('fails on a job spec with a bad field', async () => {
    await expect(
      checkJobSpec(
        probeBlock('yaml jobspec', 'name: x\nframework: flower\nrounds: 0\n'),
      ),
    ).rejects.toThrow(/rounds: must be at least 1/);
  });
});
