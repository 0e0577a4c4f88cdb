import { probeBlock } from '../__testUtils__/probeBlock';
import { checkDockerfile } from './dockerfileBlock';

describe('checkDockerfile', () => {
  it('fails on a Flower image on another base', async () => {
    await expect(
      checkDockerfile(
        probeBlock(
          'dockerfile image framework=flower',
          'FROM python:3.12\nRUN pip install flwr\n',
        ),
      ),
    ).rejects.toThrow(/a Flower app starts FROM flwr\/superexec/);
  });
});
