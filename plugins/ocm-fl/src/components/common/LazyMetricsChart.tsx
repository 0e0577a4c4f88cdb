import { lazy, Suspense } from 'react';
import { Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

const MetricsChart = lazy(() => import('./MetricsChart'));

/** The metrics chart, with the chart library fetched only when a page shows one. */
export function LazyMetricsChart(props: {
  byRound: Array<{ round: number; metrics: Record<string, number> }>;
  empty: string;
}) {
  if (props.byRound.length === 0) {
    return <Typography color="textSecondary">{props.empty}</Typography>;
  }
  return (
    <Suspense fallback={<Progress />}>
      <div role="img" aria-label="Metrics per round">
        <MetricsChart byRound={props.byRound} />
      </div>
    </Suspense>
  );
}
