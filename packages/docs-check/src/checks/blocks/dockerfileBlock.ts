import {
  FRAMEWORKS,
  OPENFL_WORKSPACE,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { CodeBlock } from '../../markdown';

const DOCKERFILE_INSTRUCTIONS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

/**
 * A Dockerfile: every instruction is one Docker knows; a Flower app image starts FROM the
 * pinned superexec image; an OpenFL workspace image installs the pinned OpenFL version and
 * works in the folder the renderer mounts plans and certificates into.
 */
export async function checkDockerfile(block: CodeBlock) {
  const instructions = block.content
    .replace(/\\\n/g, ' ')
    .split('\n')
    .filter(l => l.trim() && !l.trim().startsWith('#'))
    .map(l => {
      const [keyword, ...rest] = l.trim().split(/\s+/);
      if (!DOCKERFILE_INSTRUCTIONS.has(keyword))
        throw new Error(`unknown Dockerfile instruction ${keyword}`);
      return { keyword, args: rest.join(' ') };
    });
  const from = instructions.find(i => i.keyword === 'FROM')?.args;
  const framework = block.options.framework;
  if (framework === 'flower') {
    const { superexecBase } =
      FRAMEWORKS.flower.versions[FRAMEWORKS.flower.defaultVersion];
    if (from !== superexecBase)
      throw new Error(
        `FROM ${from}: a Flower app starts FROM ${superexecBase}`,
      );
  } else if (framework === 'openfl') {
    const pin = `openfl==${FRAMEWORKS.openfl.defaultVersion}`;
    if (!block.content.includes(pin))
      throw new Error(`an OpenFL workspace image installs ${pin}`);
    const workdir = instructions.filter(i => i.keyword === 'WORKDIR').pop();
    if (workdir?.args !== OPENFL_WORKSPACE)
      throw new Error(`an OpenFL workspace image works in ${OPENFL_WORKSPACE}`);
  } else {
    throw new Error(
      'a dockerfile block names framework=flower or framework=openfl',
    );
  }
}
