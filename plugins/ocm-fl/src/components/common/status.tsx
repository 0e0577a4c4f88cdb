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

/** Keeps a status (its icon and word) on one line: table cells otherwise break "Runn-ing". */
export function OneLine(props: { children: ReactNode }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{props.children}</span>;
}

export function JobPhaseStatus(props: { phase: JobPhase }) {
  return <OneLine>{phaseStatus[props.phase](props.phase)}</OneLine>;
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
  return <OneLine>{clusterStatus[props.state](props.state)}</OneLine>;
}
