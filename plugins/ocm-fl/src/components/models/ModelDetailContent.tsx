import { useCallback, useMemo, useState } from 'react';
import {
  InfoCard,
  Link,
  Progress,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { alertApiRef, useApi, useRouteRef } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  LineageNode,
  ModelVersionView,
  ocmFlModelDownloadPermission,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { useLiveAsync } from '../../hooks/useLive';
import { useOcmFlLinks } from '../../routes';
import { KeyValueChips } from '../common/KeyValueChips';
import { LazyMetricsChart } from '../common/LazyMetricsChart';
import { OcmFlErrorPanel } from '../common/OcmFlErrorPanel';
import { timeAgo } from '../common/time';
import { LazyLineageGraph } from '../lineage/LazyLineageGraph';
import { formatMetrics } from './metrics';

function DownloadButtons(props: { model: string; version: ModelVersionView }) {
  const api = useApi(ocmFlApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = usePermission({
    permission: ocmFlModelDownloadPermission,
  });
  if (props.version.storage !== 's3') {
    return (
      <Typography variant="caption" color="textSecondary">
        On the PVC {props.version.location}
      </Typography>
    );
  }
  const disabledReason = allowed
    ? undefined
    : `You need the ${ocmFlModelDownloadPermission.name} permission`;
  return (
    <>
      {props.version.files.map(file => {
        const button = (
          <Button
            size="small"
            variant="outlined"
            disabled={loading || !allowed}
            onClick={async () => {
              try {
                const download = await api.downloadModel({
                  model: props.model,
                  version: props.version.version,
                  file,
                });
                // A presigned S3 URL: the browser fetches the file straight from the store.
                window.open(download.url, '_blank', 'noopener');
              } catch (error) {
                alertApi.post({
                  message: `Could not download ${file}: ${
                    (error as Error).message
                  }`,
                  severity: 'error',
                });
              }
            }}
            // A file name on one line: the cell wraps between buttons, not inside one.
            style={{ margin: 2, whiteSpace: 'nowrap' }}
          >
            {file}
          </Button>
        );
        return disabledReason && !loading ? (
          <Tooltip key={file} title={disabledReason}>
            <span>{button}</span>
          </Tooltip>
        ) : (
          <span key={file}>{button}</span>
        );
      })}
    </>
  );
}

/** A model's versions, metrics per round of the chosen version, downloads and lineage. */
export function ModelDetailContent(props: { name: string }) {
  const { name } = props;
  const api = useApi(ocmFlApiRef);
  const links = useOcmFlLinks();
  const entityRoute = useRouteRef(entityRouteRef);
  const { value: model, error } = useLiveAsync(
    () => api.getModel(name),
    [api, name],
    change => change.kind === 'lineage',
  );
  const [chosen, setChosen] = useState<number>();

  const href = useCallback(
    (node: LineageNode) => {
      if (node.kind === 'job') return links.job(node.label);
      if (!node.entityRef) return undefined;
      const ref = parseEntityRef(node.entityRef);
      return entityRoute({
        kind: ref.kind.toLocaleLowerCase('en-US'),
        namespace: ref.namespace.toLocaleLowerCase('en-US'),
        name: ref.name,
      });
    },
    [links, entityRoute],
  );

  const versions = useMemo(
    () => [...(model?.versions ?? [])].sort((a, b) => b.version - a.version),
    [model],
  );
  const shown = versions.find(v => v.version === chosen) ?? versions[0];
  const shownVersion = shown?.version;

  // Stable across renders: material-table resets its state when columns change.
  const columns = useMemo<TableColumn<ModelVersionView>[]>(
    () => [
      {
        title: 'Version',
        render: v => (
          <Button
            size="small"
            color={v.version === shownVersion ? 'primary' : 'default'}
            onClick={() => setChosen(v.version)}
            aria-pressed={v.version === shownVersion}
          >
            v{v.version}
          </Button>
        ),
      },
      { title: 'Job', render: v => <Link to={links.job(v.job)}>{v.job}</Link> },
      { title: 'Rounds', field: 'rounds' },
      {
        title: 'Metrics',
        render: v => (
          <KeyValueChips noun="metrics" values={formatMetrics(v.metrics)} />
        ),
      },
      { title: 'Clusters', render: v => v.participants.join(', ') },
      {
        title: 'Created',
        render: v => <span title={v.createdAt}>{timeAgo(v.createdAt)}</span>,
      },
      {
        title: 'Download',
        render: v => <DownloadButtons model={name} version={v} />,
      },
    ],
    [links, name, shownVersion],
  );

  if (error && !model) {
    return (
      <OcmFlErrorPanel title={`Could not load model ${name}`} error={error} />
    );
  }
  if (!model) return <Progress />;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <Table<ModelVersionView>
          title={`Versions of ${model.name}`}
          columns={columns}
          data={versions.map(v => ({ ...v, id: String(v.version) }))}
          options={{
            search: false,
            paging: versions.length > 10,
            pageSize: 10,
            padding: 'dense',
          }}
          emptyContent={
            <Typography color="textSecondary" style={{ padding: 16 }}>
              No version yet: a version is added when a job that trains this
              model succeeds.
            </Typography>
          }
        />
      </Grid>
      <Grid item xs={12} md={5}>
        <InfoCard
          title={
            shown
              ? `Metrics of v${shown.version} per round`
              : 'Metrics per round'
          }
        >
          <LazyMetricsChart
            byRound={shown?.metricsByRound ?? []}
            empty="No metrics recorded for this version."
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={7}>
        <InfoCard title="Lineage">
          <LazyLineageGraph graph={model.lineage} href={href} />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
