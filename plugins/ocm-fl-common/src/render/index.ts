export * from './types';
export { renderJob } from './renderJob';
export { renderPlacement } from './placement';
export { flowerRunConfig, flowerServerNames } from './flower';
export { openflPlanFiles, OPENFL_WORKSPACE } from './openfl';
