import { CodeBlock } from '../../markdown';

/** A Mermaid diagram starts with a diagram type that GitHub renders. */
export async function checkMermaid(block: CodeBlock) {
  const first = block.content.trim().split('\n')[0].trim();
  if (
    !/^(sequenceDiagram|flowchart (TD|TB|LR|RL|BT)|graph (TD|TB|LR|RL|BT)|stateDiagram-v2|classDiagram|erDiagram)$/.test(
      first,
    )
  )
    throw new Error(`not a Mermaid diagram type: ${first}`);
}
