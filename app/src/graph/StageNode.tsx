// One stage in the graph: title, a hint (tool or syscall), muted and dashed while its pane is "coming later".
import { Handle, Position, type NodeProps } from '@xyflow/react';
import type { PhaseNode, StageNode as StageNodeT } from './layout.ts';
import { COMING_LATER, NODE_HINT } from '../panes/availability.ts';

export function StageNode({ data }: NodeProps<StageNodeT>) {
  const cls = ['stage-node', data.available ? 'is-available' : 'is-later', data.selected ? 'is-selected' : ''].join(' ');
  const tip = data.available ? data.blurb : `Coming later: ${COMING_LATER[data.id]}`;
  return (
    <div className={cls} title={tip} data-stage={data.id} aria-current={data.selected ? 'step' : undefined}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="stage-node__title">{data.title}</div>
      <div className="stage-node__hint">{data.available ? NODE_HINT[data.id] : 'coming later'}</div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export function PhaseGroup({ data }: NodeProps<PhaseNode>) {
  return (
    <div className={`phase-group phase-group--${data.phase}`}>
      <span className="phase-group__label">{data.phase}</span>
    </div>
  );
}
