import { parse as parseYaml } from 'yaml';
import { CodeBlock } from '../../markdown';
import { declaredNames } from '../../rhdh/dynamicPlugins';
import { dynamicPluginsConfigProblems } from '../../rhdh/dynamicPluginsConfig';

/**
 * A `dynamic-plugins` configuration of Red Hat Developer Hub: each exported package listed
 * once, the frontend's container and modules as its scalprum config declares them, icons,
 * route bindings and entity tabs consistent. The export test (rhdh/dynamicPlugins.test.ts)
 * checks every import name against the exported code too.
 */
export async function checkRhdhDynamicPlugins(block: CodeBlock) {
  const problems = dynamicPluginsConfigProblems(
    parseYaml(block.content),
    declaredNames(),
  );
  if (problems.length > 0) throw new Error(problems.join('; '));
}
