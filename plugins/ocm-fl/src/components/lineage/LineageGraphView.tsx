import { useMemo } from 'react';
import {
  Background,
  Controls,
  Edge,
  Handle,
  Node,
  NodeProps,
  Position,
  ReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Link } from '@backstage/core-components';
import {
  LineageGraph,
  LineageNode,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { layoutLineage, NODE_HEIGHT, NODE_WIDTH } from './layout';

/** Where a lineage node leads: its catalog entity, or its job page. */
export type LineageHref = (node: LineageNode) => string | undefined;

type LineageNodeData = { node: LineageNode; href?: string };

const KIND_LABELS: Record<LineageNode['kind'], string> = {
  baseModel: 'Base model',
  job: 'Job',
  cluster: 'Cluster',
  modelVersion: 'Model version',
};

function LineageNodeBox(props: NodeProps<Node<LineageNodeData>>) {
  const theme = useTheme();
  const { node, href } = props.data;
  return (
    <div
      style={{
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        padding: '4px 8px',
        boxSizing: 'border-box',
        borderRadius: 6,
        border: `1px solid ${theme.palette.divider}`,
        background: theme.palette.background.paper,
        color: theme.palette.text.primary,
      }}
    >
      <Handle type="target" position={Position.Left} />
      <Typography variant="caption" color="textSecondary" component="div">
        {KIND_LABELS[node.kind]}
      </Typography>
      <Typography variant="body2" noWrap title={node.label}>
        {href ? <Link to={href}>{node.label}</Link> : node.label}
      </Typography>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

const nodeTypes = { lineage: LineageNodeBox };

/** The lineage graph: base model -> job -> participant clusters -> model version. */
export default function LineageGraphView(props: {
  graph: LineageGraph;
  href: LineageHref;
}) {
  const { graph, href } = props;
  const { nodes, edges } = useMemo(() => {
    const placed = layoutLineage(graph);
    return {
      nodes: placed.nodes.map(
        (p): Node<LineageNodeData> => ({
          id: p.node.id,
          type: 'lineage',
          position: { x: p.x, y: p.y },
          data: { node: p.node, href: href(p.node) },
          connectable: false,
          draggable: false,
        }),
      ),
      edges: placed.edges.map(
        (e): Edge => ({
          id: `${e.from}->${e.to}`,
          source: e.from,
          target: e.to,
          label: e.kind,
          animated: false,
        }),
      ),
    };
  }, [graph, href]);

  return (
    <div
      style={{ height: 420, width: '100%' }}
      aria-label="Lineage graph"
      role="figure"
    >
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        nodesConnectable={false}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
