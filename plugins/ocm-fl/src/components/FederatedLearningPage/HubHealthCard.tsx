import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { HubHealth } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Chip from '@material-ui/core/Chip';
import useAsync from 'react-use/esm/useAsync';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { OneLine } from '../common/status';

const stateLabels: Record<HubHealth['state'], JSX.Element> = {
  ok: <StatusOK>Connected</StatusOK>,
  unreachable: <StatusError>Unreachable</StatusError>,
  unauthorized: <StatusError>Unauthorized</StatusError>,
  error: <StatusWarning>Error</StatusWarning>,
  unknown: <StatusPending>Checking</StatusPending>,
};

const columns: TableColumn<HubHealth>[] = [
  {
    title: 'Hub',
    field: 'name',
    render: hub => (
      <>
        {hub.name}
        {hub.simulator && (
          <Chip size="small" label="simulator" style={{ marginLeft: 8 }} />
        )}
      </>
    ),
  },
  { title: 'Version', render: hub => hub.kubernetesVersion ?? '' },
  { title: 'API server', field: 'url' },
  {
    title: 'State',
    render: hub => <OneLine>{stateLabels[hub.state]}</OneLine>,
  },
  {
    title: 'Details',
    render: hub => (
      <>
        {hub.message}
        {hub.warnings?.map(warning => (
          <StatusWarning key={warning}>{warning}</StatusWarning>
        ))}
      </>
    ),
  },
  {
    title: 'Checked',
    render: hub =>
      hub.checkedAt ? new Date(hub.checkedAt).toLocaleTimeString() : '',
  },
];

/** The OCM hubs the backend is configured with, and whether each answers. */
export function HubHealthCard() {
  const ocmFlApi = useApi(ocmFlApiRef);
  const { value, loading, error } = useAsync(() => ocmFlApi.getHealth(), []);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return (
      <ResponseErrorPanel title="Could not load hub health" error={error} />
    );
  }
  return (
    <InfoCard title="OCM hubs" noPadding>
      <Table<HubHealth>
        options={{ search: false, paging: false, toolbar: false }}
        columns={columns}
        data={(value?.hubs ?? []).map(hub => ({ ...hub, id: hub.name }))}
      />
    </InfoCard>
  );
}
