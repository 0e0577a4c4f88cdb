import { lazy, Suspense } from 'react';
import { Progress } from '@backstage/core-components';
import { LineageGraph } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Typography from '@material-ui/core/Typography';
import type { LineageHref } from './LineageGraphView';

const LineageGraphView = lazy(() => import('./LineageGraphView'));

/** The lineage graph, with the graph and layout libraries fetched only when shown. */
export function LazyLineageGraph(props: {
  graph: LineageGraph;
  href: LineageHref;
}) {
  if (props.graph.nodes.length === 0) {
    return (
      <Typography color="textSecondary">
        No lineage recorded for this model yet.
      </Typography>
    );
  }
  return (
    <Suspense fallback={<Progress />}>
      <LineageGraphView graph={props.graph} href={props.href} />
    </Suspense>
  );
}
