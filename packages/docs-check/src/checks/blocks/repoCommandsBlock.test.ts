import { probeBlock } from '../__testUtils__/probeBlock';
import { checkRepoCommands } from './repoCommandsBlock';

const check = (content: string) =>
  checkRepoCommands(probeBlock('sh repo', content));

describe('checkRepoCommands', () => {
  it('fails on a repository command that does not exist, and on a flag our bin lacks', async () => {
    await expect(check('scripts/deploy.sh\n')).rejects.toThrow(
      /scripts\/deploy.sh does not exist/,
    );
    await expect(check('yarn ocm-fl render --colour\n')).rejects.toThrow(
      /has no flag --colour/,
    );
  });
});
