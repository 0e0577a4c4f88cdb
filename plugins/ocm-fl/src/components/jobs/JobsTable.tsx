import { useMemo, useState } from 'react';
import {
  EmptyState,
  Link,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  FRAMEWORK_NAMES,
  FrameworkName,
  JOB_PHASES,
  JobPhase,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import useDebounce from 'react-use/esm/useDebounce';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { JobListItem } from '../../api/types';
import { useOcmFlChanges } from '../../hooks/useLive';
import {
  REMOTE_TABLE_OPTIONS,
  useRemoteTable,
} from '../../hooks/useRemoteTable';
import { useOcmFlLinks } from '../../routes';
import { FilterSelect } from '../common/FilterSelect';
import { HubStateNotice } from '../common/HubStateNotice';
import { LaunchedOutsideThePortal } from '../common/LaunchedOutsideThePortal';
import { OcmFlErrorPanel } from '../common/OcmFlErrorPanel';
import { JobPhaseStatus } from '../common/status';
import { timeAgo } from '../common/time';

const NO_JOBS =
  'Launch a federated training from the "Federated training with Flower" or "with OpenFL" template under Create; it shows here as soon as its Placement is on the hub.';

/**
 * Federated learning jobs with their phase, rounds, clusters, owner and age; filterable by
 * phase and framework, and by cluster unless `cluster` fixes it (a cluster's entity tab).
 */
/** Rounds done of rounds planned, as the backend last read them from the model location. */
function RoundProgress({ job }: { job: JobListItem }) {
  const of = job.progress?.of ?? job.rounds;
  const round = job.progress?.round;
  if (round === undefined) {
    return <>{of ? `${of} rounds` : ''}</>;
  }
  return (
    <Box minWidth={80}>
      <Typography variant="caption">
        {round} of {of ?? '?'}
      </Typography>
      {of ? (
        <LinearProgress
          variant="determinate"
          value={Math.min(100, (round / of) * 100)}
          aria-label={`${job.name}: round ${round} of ${of}`}
        />
      ) : null}
    </Box>
  );
}

export function JobsTable(props: { cluster?: string; title?: string }) {
  const api = useApi(ocmFlApiRef);
  const links = useOcmFlLinks();
  const [phase, setPhase] = useState<JobPhase | ''>('');
  const [framework, setFramework] = useState<FrameworkName | ''>('');
  const [clusterInput, setClusterInput] = useState('');
  const [clusterFilter, setClusterFilter] = useState('');
  useDebounce(() => setClusterFilter(clusterInput.trim()), 300, [clusterInput]);
  const cluster = props.cluster ?? (clusterFilter || undefined);

  const table = useRemoteTable(
    // The jobs endpoint has no free-text search: the search box is not shown.
    ({ limit, offset }) =>
      api.getJobs({
        limit,
        offset,
        phase: phase || undefined,
        framework: framework || undefined,
        cluster,
      }),
    [phase, framework, cluster],
    // Job names are unique on one hub; the backend may list several hubs.
    j => `${j.hub}/${j.name}`,
  );
  useOcmFlChanges(
    change =>
      change.kind === 'placements' ||
      change.kind === 'works' ||
      change.kind === 'decisions' ||
      change.kind === 'lineage',
    table.refresh,
  );

  // Stable across renders: material-table resets its state when columns change.
  const columns = useMemo<TableColumn<JobListItem>[]>(
    () => [
      {
        title: 'Job',
        highlight: true,
        render: j => <Link to={links.job(j.name)}>{j.name}</Link>,
      },
      {
        title: 'Phase',
        render: j => (
          <>
            <JobPhaseStatus phase={j.phase} />
            <Typography variant="caption" component="div" color="textSecondary">
              {j.reason}
            </Typography>
          </>
        ),
      },
      { title: 'Framework', render: j => j.framework ?? '' },
      {
        title: 'Progress',
        render: j => <RoundProgress job={j} />,
      },
      {
        title: 'Clusters',
        render: j =>
          `${j.clients.length} client${j.clients.length === 1 ? '' : 's'}${
            j.aggregatorCluster ? `, aggregator ${j.aggregatorCluster}` : ''
          }`,
      },
      {
        title: 'Owner',
        render: j =>
          j.createdBy ? (
            <EntityRefLink entityRef={j.createdBy} defaultKind="user" />
          ) : (
            <LaunchedOutsideThePortal />
          ),
      },
      {
        title: 'Age',
        render: j => <span title={j.createdAt}>{timeAgo(j.createdAt)}</span>,
      },
    ],
    [links],
  );
  const filtered = !!(phase || framework || clusterFilter);

  return (
    <>
      {table.error && (
        <OcmFlErrorPanel title="Could not load jobs" error={table.error} />
      )}
      <HubStateNotice hubs={table.hubs} />
      <Box mb={2} display="flex" alignItems="center">
        <FilterSelect
          label="Phase"
          value={phase}
          options={JOB_PHASES}
          onChange={setPhase}
        />
        <FilterSelect
          label="Framework"
          value={framework}
          options={FRAMEWORK_NAMES}
          onChange={setFramework}
        />
        {props.cluster === undefined && (
          <TextField
            label="Cluster"
            variant="outlined"
            size="small"
            value={clusterInput}
            onChange={event => setClusterInput(event.target.value)}
            placeholder="cluster name"
          />
        )}
      </Box>
      <Table<JobListItem>
        tableRef={table.tableRef}
        title={props.title ?? 'Federated learning jobs'}
        columns={columns}
        data={table.data}
        options={{ ...REMOTE_TABLE_OPTIONS, search: false }}
        // Remote data: material-table shows this when a page comes back empty.
        localization={{
          body: {
            emptyDataSourceMessage: (
              <EmptyState
                missing="data"
                title={filtered ? 'No job matches the filter' : 'No jobs yet'}
                description={
                  filtered
                    ? 'Clear the phase, framework or cluster filter to see every job.'
                    : NO_JOBS
                }
              />
            ),
          },
        }}
      />
    </>
  );
}
