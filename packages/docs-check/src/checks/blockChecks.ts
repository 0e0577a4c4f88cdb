import { CodeBlock } from '../markdown';
import { checkAppConfig } from './blocks/appConfigBlock';
import { checkBackendWiring } from './blocks/backendWiringBlock';
import { Check } from './blocks/checkContext';
import { checkDockerfile } from './blocks/dockerfileBlock';
import { checkIamPolicy } from './blocks/iamPolicyBlock';
import { checkJobSpec } from './blocks/jobSpecBlock';
import { checkManifests } from './blocks/manifestsBlock';
import { checkMermaid } from './blocks/mermaidBlock';
import { checkOcmFl } from './blocks/ocmFlBlock';
import { checkRepoCommands } from './blocks/repoCommandsBlock';
import { checkRhdhDynamicPlugins } from './blocks/rhdhDynamicPluginsBlock';
import { checkTemplateSteps } from './blocks/templateStepsBlock';
import { checkToolFlags } from './blocks/toolFlagsBlock';

/** The checks by the block's info string, `<language> <check>`. */
export const BLOCK_CHECKS: Record<string, Check> = {
  'yaml jobspec': checkJobSpec,
  'yaml manifests': checkManifests,
  'yaml app-config': checkAppConfig,
  'yaml template-steps': checkTemplateSteps,
  'yaml rhdh-dynamic-plugins': checkRhdhDynamicPlugins,
  'sh ocm-fl': checkOcmFl,
  'sh kubectl': checkToolFlags,
  'sh docker': checkToolFlags,
  'sh repo': checkRepoCommands,
  'dockerfile image': checkDockerfile,
  'ts backend': checkBackendWiring,
  'json iam-policy': checkIamPolicy,
  mermaid: checkMermaid,
};

/** Blocks that are output or prose, not something a reader runs or applies. */
export const UNCHECKED_LANGUAGES = ['text'];

export const checkKey = (block: CodeBlock) =>
  `${block.language} ${block.check ?? ''}`.trim();
