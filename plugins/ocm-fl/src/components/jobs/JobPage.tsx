import {
  Content,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ClusterStatus,
  isFinishedPhase,
  ocmFlEntityRefs,
  ocmFlJobDeletePermission,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import { useNavigate, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { JobView } from '../../api/types';
import { useLiveAsync } from '../../hooks/useLive';
import { useOcmFlLinks } from '../../routes';
import { ConfirmButton } from '../common/ConfirmButton';
import { HubObjects } from '../common/HubObjects';
import { LaunchedOutsideThePortal } from '../common/LaunchedOutsideThePortal';
import { LazyMetricsChart } from '../common/LazyMetricsChart';
import { OcmFlErrorPanel } from '../common/OcmFlErrorPanel';
import { ClusterStateStatus, JobPhaseStatus } from '../common/status';
import { timeAgo } from '../common/time';
import { PhaseTimeline } from './PhaseTimeline';
import { freeJobName, relaunchFormData, templateNameFor } from './relaunch';

const clusterColumns: TableColumn<ClusterStatus>[] = [
  {
    title: 'Cluster',
    render: c => (
      <EntityRefLink
        entityRef={ocmFlEntityRefs.cluster(c.cluster)}
        defaultKind="resource"
        title={c.cluster}
      />
    ),
  },
  { title: 'Role', field: 'role' },
  { title: 'State', render: c => <ClusterStateStatus state={c.state} /> },
  { title: 'Reason', field: 'reason' },
];

/** Only what the model location showed: without it, the page says why (modelError). */
function RoundProgress(props: { job: JobView }) {
  const of = props.job.progress?.of ?? props.job.rounds;
  const round = props.job.progress?.round;
  if (!of || round === undefined) return null;
  const percent = Math.min(100, (round / of) * 100);
  return (
    <Box mt={2}>
      <Typography variant="body2" id="ocm-fl-round-progress">
        Round {round} of {of}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-labelledby="ocm-fl-round-progress"
      />
    </Box>
  );
}

/**
 * The round counts checkpoints too, and an uploader may store a round's checkpoint before
 * its line in metrics.jsonl: then the page shows a round beside an empty chart, and says why.
 */
function noMetricsReason(job: JobView) {
  if (job.modelError) return 'No metrics to show: see why above.';
  const round = job.progress?.round;
  return round
    ? `Round ${round} is stored in the model location, but its metrics.jsonl has no line yet.`
    : 'No round has finished yet.';
}

function JobActions(props: { job: JobView; onChanged: () => void }) {
  const { job } = props;
  const api = useApi(ocmFlApiRef);
  const alertApi = useApi(alertApiRef);
  const navigate = useNavigate();
  const links = useOcmFlLinks();
  // Asked for this job: a policy may let people stop and delete only the jobs they launched.
  const { allowed, loading } = usePermission({
    permission: ocmFlJobDeletePermission,
    resourceRef: job.name,
  });
  let disabledReason: string | undefined;
  if (loading) disabledReason = 'Checking your permissions';
  else if (!allowed)
    disabledReason = `You need the ${ocmFlJobDeletePermission.name} permission`;

  const act = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
      alertApi.post({ message: `${what} ${job.name}`, severity: 'success' });
      return true;
    } catch (error) {
      alertApi.post({
        message: `Could not ${what.toLowerCase()} ${job.name}: ${
          (error as Error).message
        }`,
        severity: 'error',
      });
      return false;
    }
  };

  const template = links.template;
  // The template opens with the job's values under a name no job holds (a taken one is refused).
  const { value: relaunchHref } = useAsync(async () => {
    if (!template || !job.spec || !job.framework) return undefined;
    const name = await freeJobName(job.name, candidate =>
      api.getJob(candidate).then(
        () => true,
        error => {
          if ((error as ResponseError).statusCode === 404) return false;
          throw error;
        },
      ),
    );
    return `${template(
      templateNameFor(job.framework),
    )}?formData=${encodeURIComponent(
      JSON.stringify(relaunchFormData(job.spec, name)),
    )}`;
  }, [api, template, job.name, job.spec, job.framework]);

  return (
    <Box display="flex" style={{ gap: 8 }}>
      {!isFinishedPhase(job.phase) && (
        <ConfirmButton
          label="Stop"
          title={`Stop ${job.name}?`}
          text="The workloads are removed from every cluster; the Placement and the model files stay, and the job shows as Stopped."
          confirmLabel="Stop job"
          disabledReason={disabledReason}
          onConfirm={async () => {
            if (await act('Stopped', () => api.stopJob(job.name)))
              props.onChanged();
          }}
        />
      )}
      <ConfirmButton
        label="Delete"
        title={`Delete ${job.name}?`}
        text={`The job's Placement and ManifestWorks are deleted from the hub, and the job leaves the lists and counts. Its record stays, on this page, for the lineage of model ${
          job.spec?.model ?? job.name
        }; the model's files and versions stay too.`}
        confirmLabel="Delete job"
        disabledReason={disabledReason}
        onConfirm={async () => {
          if (await act('Deleted', () => api.deleteJob(job.name)))
            navigate(`${links.root()}/jobs`);
        }}
      />
      {relaunchHref && (
        <Button variant="outlined" color="primary" href={relaunchHref}>
          Relaunch
        </Button>
      )}
    </Box>
  );
}

/** One job: phase, rounds, clusters, metrics, timeline, hub objects and actions. */
export function JobPage() {
  const { name = '' } = useParams();
  const api = useApi(ocmFlApiRef);
  const links = useOcmFlLinks();
  const {
    value: job,
    loading,
    error,
    retry,
  } = useLiveAsync(
    () => api.getJob(name),
    [api, name],
    change => change.job === name || change.kind === 'clusters',
  );
  const model = (job?.spec?.model as string | undefined) ?? job?.name;

  let content: JSX.Element;
  if (error && !job) {
    content = (
      <OcmFlErrorPanel title={`Could not load job ${name}`} error={error} />
    );
  } else if (!job) {
    content = <Progress />;
  } else {
    content = (
      <Grid container spacing={3}>
        <Grid item xs={12}>
          {loading && <LinearProgress aria-label="Refreshing" />}
          <InfoCard
            title={
              <Box display="flex" alignItems="center" style={{ gap: 16 }}>
                <JobPhaseStatus phase={job.phase} />
                <Box flexGrow={1} />
                <JobActions job={job} onChanged={retry} />
              </Box>
            }
          >
            <Typography>{job.reason}</Typography>
            <RoundProgress job={job} />
            <Box mt={2}>
              <Typography variant="body2" color="textSecondary">
                {job.framework} on hub {job.hub}
                {job.aggregatorCluster &&
                  `, aggregator on ${job.aggregatorCluster}`}
                {job.createdAt && `, launched ${timeAgo(job.createdAt)}`}
                {' by '}
                {job.createdBy ? (
                  <EntityRefLink entityRef={job.createdBy} defaultKind="user" />
                ) : (
                  <LaunchedOutsideThePortal />
                )}
              </Typography>
              {job.model && (
                <Typography variant="body2">
                  Model files: <code>{job.model.location}</code>
                  {job.phase === 'Succeeded' && model && (
                    <>
                      {' '}
                      (<Link to={links.model(model)}>model {model}</Link>)
                    </>
                  )}
                </Typography>
              )}
            </Box>
          </InfoCard>
        </Grid>
        {job.modelError && (
          <Grid item xs={12}>
            <WarningPanel
              severity="warning"
              title="Progress and metrics are unavailable"
              message={job.modelError}
              defaultExpanded
            />
          </Grid>
        )}
        <Grid item xs={12} md={6}>
          <Table<ClusterStatus>
            title="Clusters"
            columns={clusterColumns}
            // An id per row keeps material-table's row state across live reloads.
            data={job.clusters.map(c => ({
              ...c,
              id: `${c.role}/${c.cluster}`,
            }))}
            options={{
              search: false,
              paging: job.clusters.length > 10,
              pageSize: 10,
              padding: 'dense',
            }}
          />
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Metrics per round">
            <LazyMetricsChart
              byRound={job.metrics ?? []}
              empty={noMetricsReason(job)}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Timeline">
            <PhaseTimeline timeline={job.timeline} />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Hub objects">
            {job.objects?.length ? (
              <HubObjects objects={job.objects} />
            ) : (
              <Typography color="textSecondary">
                The backend does not report the rendered objects of this job.
              </Typography>
            )}
          </InfoCard>
        </Grid>
      </Grid>
    );
  }

  return (
    <Page themeId="tool">
      <Header
        title={name}
        type="Federated learning job"
        typeLink={`${links.root()}/jobs`}
      />
      <Content>{content}</Content>
    </Page>
  );
}
