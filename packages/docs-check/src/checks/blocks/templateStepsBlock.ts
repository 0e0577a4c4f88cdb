import { parse as parseYaml } from 'yaml';
import {
  describeJobSpecIssues,
  parseJobSpec,
  placementSelectionSchema,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { CodeBlock } from '../../markdown';
import { CheckContext } from './checkContext';

/** Scaffolder steps: each action is registered and its ocm-fl input is valid. */
export async function checkTemplateSteps(
  block: CodeBlock,
  context: CheckContext,
) {
  const { steps } = parseYaml(block.content);
  if (!Array.isArray(steps) || steps.length === 0)
    throw new Error('no steps in the block');
  for (const step of steps) {
    if (!context.actionIds.includes(step.action))
      throw new Error(
        `step ${step.id}: action ${step.action} is not registered`,
      );
    if (step.action === 'ocm-fl:job:launch') {
      const parsed = parseJobSpec(step.input.spec);
      if (!parsed.success)
        throw new Error(
          `step ${step.id}: ${describeJobSpecIssues(parsed.issues)}`,
        );
    }
    if (step.action === 'ocm-fl:placement:preview') {
      placementSelectionSchema.parse(step.input.placement);
    }
  }
}
