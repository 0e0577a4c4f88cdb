import { FrameworkName } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { flowerCommandProblems } from './flower';
import { openflCommandProblems } from './openfl';
import { openflReader } from './openflReader';
import { ContainerCommand, FrameworkReader } from './types';

export type { ContainerCommand, CommandCheck, FrameworkReader } from './types';

/** Why a container's framework command would refuse to start; empty when it would start. */
export function commandProblems(container: ContainerCommand): string[] {
  return [
    ...flowerCommandProblems(container),
    ...openflCommandProblems(container),
  ];
}

/** What each framework's rendered workloads tell the FL runtime. */
export const frameworkReaders: Partial<Record<FrameworkName, FrameworkReader>> =
  { openfl: openflReader };
