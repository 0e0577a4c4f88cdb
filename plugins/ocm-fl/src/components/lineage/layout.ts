import dagre from '@dagrejs/dagre';
import {
  LineageGraph,
  LineageNode,
} from '@ocm-fl/backstage-plugin-ocm-fl-common';

export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 56;

/** A lineage node placed on the canvas (top-left corner). */
export interface PlacedNode {
  node: LineageNode;
  x: number;
  y: number;
}

/**
 * Lays the lineage out left to right, base model -> job -> clusters -> versions, with
 * dagre's layered layout. Edges that name an unknown node are dropped rather than drawn
 * to nowhere.
 */
export function layoutLineage(graph: LineageGraph): {
  nodes: PlacedNode[];
  edges: LineageGraph['edges'];
} {
  const layout = new dagre.graphlib.Graph();
  layout.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 80 });
  layout.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    layout.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  const known = new Set(graph.nodes.map(n => n.id));
  const edges = graph.edges.filter(e => known.has(e.from) && known.has(e.to));
  for (const edge of edges) layout.setEdge(edge.from, edge.to);
  dagre.layout(layout);
  return {
    nodes: graph.nodes.map(node => {
      const { x, y } = layout.node(node.id);
      // dagre gives centres; the canvas places nodes by their top-left corner.
      return { node, x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 };
    }),
    edges,
  };
}
