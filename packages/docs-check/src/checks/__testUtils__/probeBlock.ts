import { CodeBlock } from '../../markdown';
import { PageSession } from '../session';
import { CheckContext } from '../blocks/checkContext';

/** A block of a made-up page, from its info string (`<language> <check> key=value ...`). */
export function probeBlock(info: string, content: string): CodeBlock {
  const [language, check, ...options] = info.split(' ');
  return {
    file: 'docs/probe.md',
    line: 1,
    language,
    check,
    options: Object.fromEntries(options.map(o => o.split('='))),
    content,
  };
}

/** A context with a fresh page session; checks that need the config schema get none. */
export function probeContext(): CheckContext {
  return {
    session: new PageSession(),
    configSchema: () => Promise.reject(new Error('not needed')),
    actionIds: ['ocm-fl:job:launch'],
  };
}
