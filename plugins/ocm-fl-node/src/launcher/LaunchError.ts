import { JobSpecIssue } from '@ocm-fl/backstage-plugin-ocm-fl-common';

/** Why a launch could not go ahead; `invalid` is the user's input, the rest the hub's state. */
export type LaunchErrorKind = 'invalid' | 'unsatisfiable' | 'timeout' | 'hub';

/** @public */
export class LaunchError extends Error {
  constructor(
    readonly kind: LaunchErrorKind,
    message: string,
    readonly issues: JobSpecIssue[] = [],
  ) {
    super(message);
    this.name = 'LaunchError';
  }
}
