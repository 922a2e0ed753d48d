// Lays the stages out left to right, one group box per phase, in STAGES order. Pure: stages in, nodes/edges out.
import type { Edge, Node } from '@xyflow/react';
import { STAGES, type StageId, type StagePhase } from '@bpflc/sim';

export const NODE_W = 106;
export const NODE_H = 50;
const GAP = 10;
const PAD = 8;
const HEAD = 22;
const GROUP_GAP = 12;

export interface StageNodeData extends Record<string, unknown> {
  id: StageId;
  title: string;
  blurb: string;
  available: boolean;
  selected: boolean;
}

export interface PhaseNodeData extends Record<string, unknown> {
  phase: StagePhase;
}

export type StageNode = Node<StageNodeData, 'stage'>;
export type PhaseNode = Node<PhaseNodeData, 'phase'>;

export function layoutGraph(
  selected: StageId,
  available: ReadonlySet<StageId>,
): { nodes: (StageNode | PhaseNode)[]; edges: Edge[] } {
  const phases: StagePhase[] = [];
  for (const s of STAGES) if (!phases.includes(s.phase)) phases.push(s.phase);

  const nodes: (StageNode | PhaseNode)[] = [];
  let x = 0;
  for (const phase of phases) {
    const members = STAGES.filter((s) => s.phase === phase);
    const width = PAD * 2 + members.length * NODE_W + (members.length - 1) * GAP;
    nodes.push({
      id: `phase:${phase}`,
      type: 'phase',
      position: { x, y: 0 },
      data: { phase },
      style: { width, height: HEAD + NODE_H + PAD },
      selectable: false,
      focusable: false,
    });
    members.forEach((s, i) => {
      nodes.push({
        id: s.id,
        type: 'stage',
        parentId: `phase:${phase}`,
        extent: 'parent',
        position: { x: PAD + i * (NODE_W + GAP), y: HEAD },
        data: { id: s.id, title: s.title, blurb: s.blurb, available: available.has(s.id), selected: s.id === selected },
        style: { width: NODE_W, height: NODE_H },
      });
    });
    x += width + GROUP_GAP;
  }

  const edges: Edge[] = [];
  for (let i = 1; i < STAGES.length; i++) {
    const a = STAGES[i - 1]!.id;
    const b = STAGES[i]!.id;
    edges.push({ id: `${a}->${b}`, source: a, target: b, className: available.has(b) ? 'edge--on' : 'edge--later' });
  }
  return { nodes, edges };
}
