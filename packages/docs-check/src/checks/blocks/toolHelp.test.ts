import { flagListed } from './toolHelp';

describe('flagListed', () => {
  it('finds flags in help text as whole words', () => {
    expect(flagListed("  -n, --namespace='':", '-n')).toBe(true);
    expect(flagListed('  --token <token>', '--to')).toBe(false);
  });
});
