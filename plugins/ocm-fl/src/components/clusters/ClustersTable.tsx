import { useMemo, useState } from 'react';
import {
  EmptyState,
  Link,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  CLUSTER_SET_LABEL,
  ClusterView,
  ocmFlEntityRefs,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { useOcmFlChanges } from '../../hooks/useLive';
import {
  SEARCHABLE_REMOTE_TABLE_OPTIONS,
  useRemoteTable,
} from '../../hooks/useRemoteTable';
import { useOcmFlLinks } from '../../routes';
import { FilterSelect } from '../common/FilterSelect';
import { HubStateNotice } from '../common/HubStateNotice';
import { KeyValueChips } from '../common/KeyValueChips';
import { OcmFlErrorPanel } from '../common/OcmFlErrorPanel';
import { OneLine } from '../common/status';

const AVAILABILITY = ['available', 'unavailable'] as const;
type Availability = (typeof AVAILABILITY)[number];

const NO_CLUSTERS =
  'Register clusters with the OCM hub (clusteradm join on the cluster, clusteradm accept on the hub) and add them to a ManagedClusterSet bound to the federated learning namespace; they appear here as soon as the hub accepts them.';

/** Labels that say nothing new: the set has its own column, `name` repeats the name. */
const NOISE_LABELS = new Set([CLUSTER_SET_LABEL, 'name']);

/** Kubernetes CPU quantities in cores: "7200m" reads as "7.2". */
function cores(cpu: string) {
  return cpu.endsWith('m') ? String(Number(cpu.slice(0, -1)) / 1000) : cpu;
}

function capacity(cluster: ClusterView) {
  const { cpu, memory } = cluster.allocatable.cpu
    ? cluster.allocatable
    : cluster.capacity;
  return [cpu && `${cores(cpu)} CPU`, memory].filter(Boolean).join(', ');
}

/** Every managed cluster with its availability, set, labels, claims, capacity and jobs. */
export function ClustersTable() {
  const api = useApi(ocmFlApiRef);
  const links = useOcmFlLinks();
  const [availability, setAvailability] = useState<Availability | ''>('');
  const table = useRemoteTable(
    request =>
      api.getClusters({
        ...request,
        available: availability ? availability === 'available' : undefined,
      }),
    [availability],
    // Names are unique on one hub; the backend may list several hubs.
    c => `${c.hub}/${c.name}`,
  );
  useOcmFlChanges(change => change.kind === 'clusters', table.refresh);

  // Stable across renders: material-table resets its state when columns change.
  const columns = useMemo<TableColumn<ClusterView>[]>(
    () => [
      {
        title: 'Cluster',
        field: 'name',
        highlight: true,
        // The hub goes under the name: as a column of its own it was pushed off-screen.
        render: c => (
          <>
            <Box style={{ whiteSpace: 'nowrap' }}>
              <EntityRefLink
                entityRef={ocmFlEntityRefs.cluster(c.name)}
                defaultKind="resource"
                title={c.name}
              />
            </Box>
            <Typography variant="caption" color="textSecondary">
              hub {c.hub}
            </Typography>
          </>
        ),
      },
      {
        title: 'State',
        render: c => (
          <OneLine>
            {c.available ? (
              <StatusOK>Available</StatusOK>
            ) : (
              <StatusError>Unavailable</StatusError>
            )}
          </OneLine>
        ),
      },
      { title: 'Set', render: c => c.clusterSet ?? '' },
      {
        title: 'Labels',
        render: c => (
          <KeyValueChips
            noun="labels"
            max={3}
            values={Object.fromEntries(
              Object.entries(c.labels).filter(([k]) => !NOISE_LABELS.has(k)),
            )}
          />
        ),
      },
      {
        title: 'Claims',
        render: c => <KeyValueChips noun="claims" values={c.claims} max={2} />,
      },
      { title: 'Allocatable', render: capacity },
      {
        title: 'Jobs',
        // Long job names may break anywhere rather than widen the table.
        render: c => (
          <Box style={{ overflowWrap: 'anywhere' }}>
            {c.jobs.map((job, i) => (
              <span key={job}>
                {i > 0 && ', '}
                <Link to={links.job(job)}>{job}</Link>
              </span>
            ))}
          </Box>
        ),
      },
    ],
    [links],
  );

  return (
    <>
      {table.error && (
        <OcmFlErrorPanel title="Could not load clusters" error={table.error} />
      )}
      <HubStateNotice hubs={table.hubs} />
      <Box mb={2}>
        <FilterSelect
          label="Availability"
          value={availability}
          options={AVAILABILITY}
          onChange={setAvailability}
        />
      </Box>
      <Table<ClusterView>
        tableRef={table.tableRef}
        title="Managed clusters"
        columns={columns}
        data={table.data}
        options={SEARCHABLE_REMOTE_TABLE_OPTIONS}
        // Remote data: material-table shows this when a page comes back empty.
        localization={{
          body: {
            emptyDataSourceMessage: (
              <EmptyState
                missing="data"
                title={
                  availability || table.searched
                    ? 'No cluster matches the filter'
                    : 'No managed clusters'
                }
                description={
                  availability || table.searched
                    ? 'Clear the search or the availability filter to see every cluster.'
                    : NO_CLUSTERS
                }
              />
            ),
          },
        }}
      />
    </>
  );
}
