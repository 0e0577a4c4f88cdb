import { useMemo } from 'react';
import {
  EmptyState,
  Link,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ModelSummary } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { useOcmFlChanges } from '../../hooks/useLive';
import {
  SEARCHABLE_REMOTE_TABLE_OPTIONS,
  useRemoteTable,
} from '../../hooks/useRemoteTable';
import { useOcmFlLinks } from '../../routes';
import { KeyValueChips } from '../common/KeyValueChips';
import { OcmFlErrorPanel } from '../common/OcmFlErrorPanel';
import { timeAgo } from '../common/time';
import { formatMetrics } from './metrics';

const NO_MODELS =
  'A model gets its first version when a job that trains it succeeds. Launch a job from a federated training template and follow it on the Jobs tab.';

/** Trained models with their latest version and metrics. */
export function ModelsTable() {
  const api = useApi(ocmFlApiRef);
  const links = useOcmFlLinks();
  const table = useRemoteTable(
    request => api.getModels(request),
    [],
    m => m.name,
  );
  useOcmFlChanges(change => change.kind === 'lineage', table.refresh);

  // Stable across renders: material-table resets its state when columns change.
  const columns = useMemo<TableColumn<ModelSummary>[]>(
    () => [
      {
        title: 'Model',
        highlight: true,
        render: m => <Link to={links.model(m.name)}>{m.name}</Link>,
      },
      { title: 'Framework', field: 'framework' },
      { title: 'Versions', field: 'versionCount' },
      {
        title: 'Latest metrics',
        render: m => (
          <KeyValueChips
            noun="metrics"
            values={formatMetrics(m.latestMetrics)}
          />
        ),
      },
      { title: 'Base model', render: m => m.baseModel ?? '' },
      {
        title: 'Updated',
        render: m => <span title={m.updatedAt}>{timeAgo(m.updatedAt)}</span>,
      },
    ],
    [links],
  );

  return (
    <>
      {table.error && (
        <OcmFlErrorPanel title="Could not load models" error={table.error} />
      )}
      <Table<ModelSummary>
        tableRef={table.tableRef}
        title="Trained models"
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
                  table.searched
                    ? 'No model matches the search'
                    : 'No models yet'
                }
                description={
                  table.searched
                    ? 'Clear the search to see every model.'
                    : NO_MODELS
                }
              />
            ),
          },
        }}
      />
    </>
  );
}
