import { PhaseChange } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Typography from '@material-ui/core/Typography';
import Timeline from '@material-ui/lab/Timeline';
import TimelineConnector from '@material-ui/lab/TimelineConnector';
import TimelineContent from '@material-ui/lab/TimelineContent';
import TimelineDot from '@material-ui/lab/TimelineDot';
import TimelineItem from '@material-ui/lab/TimelineItem';
import TimelineOppositeContent from '@material-ui/lab/TimelineOppositeContent';
import TimelineSeparator from '@material-ui/lab/TimelineSeparator';
import { JobPhaseStatus } from '../common/status';

const dotColor = (phase: PhaseChange['phase']) => {
  if (phase === 'Succeeded') return 'primary';
  if (phase === 'Failed') return 'secondary';
  return 'grey';
};

/** The job's phase changes, oldest first, each with its time and reason. */
export function PhaseTimeline(props: { timeline?: PhaseChange[] }) {
  if (!props.timeline?.length) {
    return (
      <Typography color="textSecondary">
        No phase changes recorded yet: the backend records them while it watches
        the job.
      </Typography>
    );
  }
  return (
    <Timeline align="left">
      {props.timeline.map((change, i) => (
        <TimelineItem key={`${change.at}-${change.phase}`}>
          <TimelineOppositeContent style={{ flex: 0.25 }}>
            <Typography variant="body2" color="textSecondary">
              {new Date(change.at).toLocaleString()}
            </Typography>
          </TimelineOppositeContent>
          <TimelineSeparator>
            <TimelineDot color={dotColor(change.phase)} />
            {i < props.timeline!.length - 1 && <TimelineConnector />}
          </TimelineSeparator>
          <TimelineContent>
            <JobPhaseStatus phase={change.phase} />
            <Typography variant="body2">{change.reason}</Typography>
          </TimelineContent>
        </TimelineItem>
      ))}
    </Timeline>
  );
}
