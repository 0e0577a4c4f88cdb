import { flowerCommandProblems } from './flower';
import { openflCommandProblems } from './openfl';
import { ContainerCommand } from './types';

export type { ContainerCommand, CommandCheck } from './types';

/** Why a container's framework command would refuse to start; empty when it would start. */
export function commandProblems(container: ContainerCommand): string[] {
  return [
    ...flowerCommandProblems(container),
    ...openflCommandProblems(container),
  ];
}
