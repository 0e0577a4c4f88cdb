import { execFileSync } from 'node:child_process';

/** Whether a help text lists a flag (`--flag` or `-f`, as given with or without `=value`). */
export function flagListed(help: string, given: string): boolean {
  const flag = given.split('=')[0].replace(/-/g, '\\-');
  return new RegExp(`(^|[\\s,])${flag}([=\\s,]|$)`, 'm').test(help);
}

const helpCache = new Map<string, string>();

/** The output of a help command of a tool, which lists flags. */
export function helpText(tool: string, words: string[]): string {
  const key = [tool, ...words].join(' ');
  if (!helpCache.has(key)) {
    helpCache.set(
      key,
      execFileSync(tool, words, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KUBECONFIG: '/nonexistent' },
      }),
    );
  }
  return helpCache.get(key)!;
}

/** Whether a tool is on PATH: checks that need it say so when it is not. */
export function hasTool(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
