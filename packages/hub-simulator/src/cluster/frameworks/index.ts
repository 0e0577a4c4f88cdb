import { flowerCommandProblems } from './flower';
import { flowerReader } from './flowerReader';
import { openflCommandProblems } from './openfl';
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

/** How the FL runtime reads each framework's rendered workloads. */
export const frameworkReaders: Partial<
  Record<'flower' | 'openfl', FrameworkReader>
> = {
  flower: flowerReader,
};
