// The lifecycle as an @xyflow/react graph: all stages, grouped by phase; click a stage to select it.
import { useEffect, useMemo } from 'react';
import { ReactFlow, ReactFlowProvider, useReactFlow, type NodeMouseHandler, type NodeTypes } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { isStageId } from '@bpflc/sim';
import { layoutGraph } from './layout.ts';
import { PhaseGroup, StageNode } from './StageNode.tsx';
import { AVAILABLE } from '../panes/availability.ts';
import { useAppState, useDispatch } from '../store/Store.tsx';
import { useColorScheme } from '../hooks/use-color-scheme.ts';

const nodeTypes: NodeTypes = { stage: StageNode, phase: PhaseGroup };

function Graph() {
  const { stage } = useAppState();
  const dispatch = useDispatch();
  const scheme = useColorScheme();
  const { fitView } = useReactFlow();
  const { nodes, edges } = useMemo(() => layoutGraph(stage, AVAILABLE), [stage]);

  useEffect(() => {
    const onResize = () => void fitView({ padding: 0.04 });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, [fitView]);

  const onNodeClick: NodeMouseHandler = (_e, node) => {
    if (isStageId(node.id)) dispatch({ kind: 'select-stage', stage: node.id });
  };

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodeClick={onNodeClick}
      colorMode={scheme}
      fitView
      fitViewOptions={{ padding: 0.04 }}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      panOnDrag={false}
      zoomOnScroll={false}
      zoomOnPinch={false}
      zoomOnDoubleClick={false}
      preventScrolling={false}
      disableKeyboardA11y
      proOptions={{ hideAttribution: true }}
      minZoom={0.3}
    />
  );
}

export function LifecycleGraph() {
  return (
    <nav className="graph" aria-label="Lifecycle stages" data-testid="lifecycle-graph">
      <ReactFlowProvider>
        <Graph />
      </ReactFlowProvider>
    </nav>
  );
}
