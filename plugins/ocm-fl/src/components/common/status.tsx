import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { ClusterState, JobPhase } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { ReactNode } from 'react';

const phaseStatus: Record<JobPhase, (children: ReactNode) => JSX.Element> = {
  Pending: c => <StatusPending>{c}</StatusPending>,
  Deploying: c => <StatusPending>{c}</StatusPending>,
  Running: c => <StatusRunning>{c}</StatusRunning>,
  Succeeded: c => <StatusOK>{c}</StatusOK>,
  Failed: c => <StatusError>{c}</StatusError>,
  Stopped: c => <StatusAborted>{c}</StatusAborted>,
};

export function JobPhaseStatus(props: { phase: JobPhase }) {
  return phaseStatus[props.phase](props.phase);
}

const clusterStatus: Record<
  ClusterState,
  (children: ReactNode) => JSX.Element
> = {
  Pending: c => <StatusPending>{c}</StatusPending>,
  Applied: c => <StatusPending>{c}</StatusPending>,
  Running: c => <StatusRunning>{c}</StatusRunning>,
  Succeeded: c => <StatusOK>{c}</StatusOK>,
  Failed: c => <StatusError>{c}</StatusError>,
  Unreachable: c => <StatusError>{c}</StatusError>,
};

export function ClusterStateStatus(props: { state: ClusterState }) {
  return clusterStatus[props.state](props.state);
}

export const JOB_PHASES: JobPhase[] = [
  'Pending',
  'Deploying',
  'Running',
  'Succeeded',
  'Failed',
  'Stopped',
];
