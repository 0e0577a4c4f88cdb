export * from './types';
export { renderJob } from './renderJob';
export { redactSecrets } from './redactSecrets';
export { renderPlacement, placementSpecFor } from './placement';
export type { PlacementSelection } from './placement';
export { flowerServerNames } from './flowerAggregator';
export { flowerRunConfig } from './flowerSubmitJob';
export { openflPlanFiles, OPENFL_WORKSPACE } from './openfl';
export {
  OPENFL_BUILT_SECTIONS,
  OPENFL_PLAN_MERGE_SCRIPT,
  PLAN_MERGE_ENV,
} from './openflPlanMerge';
