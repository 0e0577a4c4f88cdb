import { Progress, Table, TableColumn } from '@backstage/core-components';
import {
  ClusterVerdict,
  ClusterVerdictStage,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { PlacementPreview } from '../../api/types';
import { OcmFlErrorPanel } from '../common/OcmFlErrorPanel';
import { placementShortfall } from './shortfall';

const STAGE_LABELS: Record<ClusterVerdictStage, string> = {
  clusterSet: 'Not in a chosen cluster set',
  deleting: 'Being deleted',
  predicate: 'Selector does not match',
  taint: 'Tainted',
  misconfigured: 'Placement misconfigured',
  notTopN: 'Beyond the number of clusters',
  selected: 'Selected',
};

const columns: TableColumn<ClusterVerdict>[] = [
  { title: 'Cluster', field: 'clusterName' },
  { title: 'Why not', render: v => STAGE_LABELS[v.stage] },
  { title: 'Details', field: 'reason' },
];

/** Which clusters the selection matches now, and why each other one does not. */
export function PlacementPreviewPanel(props: {
  preview?: PlacementPreview;
  loading: boolean;
  error?: Error;
  /** The job's minimum number of clients, when the form has one. */
  minClients?: number;
}) {
  const { preview, loading, error, minClients } = props;
  if (error) {
    return (
      <OcmFlErrorPanel title="Could not preview the selection" error={error} />
    );
  }
  if (!preview) return loading ? <Progress /> : null;
  const excluded = preview.verdicts.filter(v => !v.selected);
  const problems = preview.conditions.filter(
    c =>
      (c.type === 'PlacementSatisfied' && c.status === 'False') ||
      (c.type === 'PlacementMisconfigured' && c.status === 'True'),
  );
  const shortfall = placementShortfall(preview, minClients);
  return (
    <Box aria-live="polite" aria-busy={loading}>
      {loading && <Progress />}
      <Typography
        variant="subtitle1"
        component="h3"
        color={shortfall ? 'error' : 'initial'}
      >
        {preview.selected.length === 1
          ? '1 cluster matches'
          : `${preview.selected.length} clusters match`}{' '}
        on hub {preview.hub}
      </Typography>
      <Box my={1} data-testid="ocm-fl-selected-clusters">
        {preview.selected.map(name => (
          <Chip
            key={name}
            label={name}
            color="primary"
            size="small"
            style={{ margin: 2 }}
          />
        ))}
      </Box>
      {shortfall && (
        <Typography color="error" variant="body2">
          {shortfall}
        </Typography>
      )}
      {problems.map(c => (
        <Typography key={c.type} color="error" variant="body2">
          {c.reason}: {c.message}
        </Typography>
      ))}
      {excluded.length > 0 && (
        <Table<ClusterVerdict>
          title={`${excluded.length} not selected`}
          columns={columns}
          data={excluded.map(v => ({ ...v, id: v.clusterName }))}
          options={{
            search: excluded.length > 10,
            paging: excluded.length > 10,
            pageSize: 10,
            padding: 'dense',
          }}
        />
      )}
    </Box>
  );
}
