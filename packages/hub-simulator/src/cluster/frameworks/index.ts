import { FrameworkName } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { flowerCommandProblems } from './flower';
import { flowerReader } from './flowerReader';
import { openflCommandProblems } from './openfl';
import { openflReader } from './openflReader';
import { ContainerCommand, FrameworkReader } from './types';

export type { ContainerCommand, CommandCheck, FrameworkReader } from './types';
export { reachableAddress } from './reachableAddress';

/** Why a container's framework command would refuse to start; empty when it would start. */
export function commandProblems(container: ContainerCommand): string[] {
  return [
    ...flowerCommandProblems(container),
    ...openflCommandProblems(container),
  ];
}

/** What each framework's rendered workloads tell the FL runtime. */
export const frameworkReaders: Record<FrameworkName, FrameworkReader> = {
  flower: flowerReader,
  openfl: openflReader,
};
