export { JobLauncher } from './JobLauncher';
export type {
  LaunchOptions,
  LaunchResult,
  LauncherOptions,
} from './JobLauncher';
export { LaunchError } from './LaunchError';
export type { LaunchErrorKind } from './LaunchError';
export { previewPlacement, previewPlacementOn } from './PlacementPreview';
export type { PlacementSnapshot } from './PlacementPreview';
export { HubObjects, hubErrorMessage } from './HubObjects';
