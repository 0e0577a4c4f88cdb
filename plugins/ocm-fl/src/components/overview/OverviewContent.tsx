import {
  EmptyState,
  InfoCard,
  Link,
  Progress,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { JOB_PHASES } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { useLiveAsync } from '../../hooks/useLive';
import { useOcmFlLinks } from '../../routes';
import { OcmFlErrorPanel } from '../common/OcmFlErrorPanel';
import { JobPhaseStatus } from '../common/status';
import { formatMetrics } from '../models/metrics';
import { HubHealthCard } from '../FederatedLearningPage/HubHealthCard';

function ClustersCard() {
  const api = useApi(ocmFlApiRef);
  const { value, loading, error } = useLiveAsync(
    async () => {
      // Counts only: one item a page is enough to read the totals.
      const [all, available] = await Promise.all([
        api.getClusters({ limit: 1 }),
        api.getClusters({ limit: 1, available: true }),
      ]);
      return { total: all.total, available: available.total };
    },
    [api],
    change => change.kind === 'clusters',
  );
  if (error)
    return <OcmFlErrorPanel title="Could not count clusters" error={error} />;
  return (
    <InfoCard title="Clusters">
      {loading && !value ? (
        <Progress />
      ) : (
        <>
          <Typography variant="h3" component="p">
            {value?.available} / {value?.total}
          </Typography>
          <Typography color="textSecondary">
            managed clusters available for training
          </Typography>
        </>
      )}
    </InfoCard>
  );
}

function JobsByPhaseCard() {
  const api = useApi(ocmFlApiRef);
  const { value, loading, error } = useLiveAsync(
    () =>
      Promise.all(
        JOB_PHASES.map(async phase => ({
          phase,
          count: (await api.getJobs({ phase, limit: 1 })).total,
        })),
      ),
    [api],
    change => change.kind === 'placements' || change.kind === 'works',
  );
  if (error)
    return <OcmFlErrorPanel title="Could not count jobs" error={error} />;
  return (
    <InfoCard title="Jobs by phase">
      {loading && !value ? (
        <Progress />
      ) : (
        <List dense>
          {value?.map(({ phase, count }) => (
            <ListItem key={phase}>
              <ListItemText
                primary={<JobPhaseStatus phase={phase} />}
                secondary={`${count} job${count === 1 ? '' : 's'}`}
              />
            </ListItem>
          ))}
        </List>
      )}
    </InfoCard>
  );
}

function RecentModelsCard() {
  const api = useApi(ocmFlApiRef);
  const links = useOcmFlLinks();
  const { value, loading, error } = useLiveAsync(
    () => api.getModels({ limit: 5 }),
    [api],
    change => change.kind === 'lineage',
  );
  if (error)
    return <OcmFlErrorPanel title="Could not load models" error={error} />;
  if (loading && !value)
    return (
      <InfoCard title="Recent models">
        <Progress />
      </InfoCard>
    );
  if (!value?.items.length)
    return (
      <EmptyState
        missing="data"
        title="No models yet"
        description="A model gets a version each time a job that trains it succeeds."
      />
    );
  return (
    <InfoCard title="Recent models">
      <List dense>
        {value.items.map(model => (
          <ListItem key={model.name}>
            <ListItemText
              primary={<Link to={links.model(model.name)}>{model.name}</Link>}
              secondary={`v${model.latestVersion ?? '-'} ${Object.entries(
                formatMetrics(model.latestMetrics),
              )
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}`}
            />
          </ListItem>
        ))}
      </List>
    </InfoCard>
  );
}

/** The first tab: hubs, clusters available, jobs by phase and recent models. */
export function OverviewContent() {
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <ClustersCard />
      </Grid>
      <Grid item xs={12} md={4}>
        <JobsByPhaseCard />
      </Grid>
      <Grid item xs={12} md={4}>
        <RecentModelsCard />
      </Grid>
      <Grid item xs={12}>
        <HubHealthCard />
      </Grid>
    </Grid>
  );
}
