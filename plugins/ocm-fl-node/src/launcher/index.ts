export { JobLauncher } from './JobLauncher';
export type {
  LaunchOptions,
  LaunchResult,
  LauncherOptions,
} from './launchOptions';
export { LaunchError } from './LaunchError';
export type { LaunchErrorKind } from './LaunchError';
export { previewPlacement, previewPlacementOn } from './PlacementPreview';
export type { PlacementSnapshot } from './PlacementPreview';
export { HubObjects, hubErrorMessage } from './HubObjects';
