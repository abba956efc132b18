import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type ReactFlowInstance,
  type XYPosition,
} from '@xyflow/react';
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import { describe } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { connectionProblem } from '../../store/graph-operations';
import { CanvasNotice } from './CanvasNotice';
import { ConnectionPreview } from './ConnectionPreview';
import { applySelection, CARD, movedPositions, reuseUnchanged, selectionAfter, toDiagram, type Diagram, type LinkEdge, type StepNode, type StepOverlay } from './diagram';
import { LinkEdgeView } from './LinkEdgeView';
import { dropSpot, nextStepPlacement } from './placement';
import { StepNodeCard } from './StepNodeCard';
import { useCanvasShortcuts } from './use-canvas-shortcuts';
import './canvas.css';

/** At module scope, so React Flow never sees new node or edge types. */
const nodeTypes = { step: StepNodeCard };
const edgeTypes = { link: LinkEdgeView };

/** The palette's drag payload: the node type. */
export const NODE_DRAG_TYPE = 'application/x-switchboard-node';

const FIT_VIEW = { padding: 0.2, maxZoom: 1 };
// The initial fit waits for the viewport (the \`fitView\` prop can run before it exists and be lost).
const fitOnInit = (instance: ReactFlowInstance<StepNode, LinkEdge>) => void instance.fitView(FIT_VIEW);
const MINIMAP_SIZE = { width: 136, height: 92 };
const NO_SELECTION: ReadonlySet<string> = new Set();

/**
 * The flow canvas: React Flow drawing the store's graph. Nodes and edges are derived from the
 * graph (`diagram.ts`) and every edit goes through the store's actions; the only local state is
 * the positions of nodes while they are dragged, committed (and recorded once) on release.
 * `readOnly` is the run view: no edits, the run's step statuses (and loops' tallies) overlaid.
 */
export function FlowCanvas({ readOnly = false, overlays = null }: { readOnly?: boolean; overlays?: Record<string, StepOverlay> | null }) {
  const graph = useFlowEditor((state) => state.graph);
  const problems = useFlowEditor((state) => state.problems);
  const selectedNodes = useFlowEditor((state) => state.selectedNodes);
  const selectedEdges = useFlowEditor((state) => state.selectedEdges);
  const { screenToFlowPosition } = useReactFlow();
  const [dragged, setDragged] = useState<Record<string, XYPosition> | null>(null);
  const draggedRef = useRef<Record<string, XYPosition> | null>(null);
  useCanvasShortcuts(!readOnly);

  // Derived once per change of what it depends on; unchanged nodes keep their objects.
  const previous = useRef<Diagram>({ nodes: [], edges: [] });
  const diagram = useMemo(() => {
    const next = toDiagram({ graph, describe, problems, overlays });
    const stable = { nodes: reuseUnchanged(previous.current.nodes, next.nodes), edges: reuseUnchanged(previous.current.edges, next.edges) };
    previous.current = stable;
    return stable;
  }, [graph, problems, overlays]);

  const selectedNodeSet = useMemo(() => (readOnly ? NO_SELECTION : new Set(selectedNodes)), [readOnly, selectedNodes]);
  const selectedEdgeSet = useMemo(() => (readOnly ? NO_SELECTION : new Set(selectedEdges)), [readOnly, selectedEdges]);
  const nodes = useMemo(() => {
    const selected = applySelection(diagram.nodes, selectedNodeSet);
    if (!dragged) return selected;
    return selected.map((node) => (dragged[node.id] ? { ...node, position: dragged[node.id]!, dragging: true } : node));
  }, [diagram.nodes, selectedNodeSet, dragged]);
  const edges = useMemo(() => applySelection(diagram.edges, selectedEdgeSet), [diagram.edges, selectedEdgeSet]);

  const onNodesChange = useCallback((changes: NodeChange<StepNode>[]) => {
    const store = useFlowEditor.getState();
    if (changes.some((change) => change.type === 'select')) store.select(selectionAfter(store.selectedNodes, changes), store.selectedEdges);
    const moves = changes.filter((change) => change.type === 'position' && change.position);
    if (moves.length === 0) return;
    const positions = { ...draggedRef.current };
    for (const move of moves) if (move.type === 'position' && move.position) positions[move.id] = move.position;
    if (moves.every((move) => move.type === 'position' && move.dragging)) {
      draggedRef.current = positions;
      setDragged(positions);
      return;
    }
    // Released (or moved with the arrow keys): one recorded edit for the whole gesture.
    draggedRef.current = null;
    setDragged(null);
    const moved = movedPositions(store.graph, positions);
    if (Object.keys(moved).length > 0) store.moveNodes(moved);
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<LinkEdge>[]) => {
    if (!changes.some((change) => change.type === 'select')) return;
    const store = useFlowEditor.getState();
    store.select(store.selectedNodes, selectionAfter(store.selectedEdges, changes));
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    useFlowEditor.getState().connect(connection.source, connection.target, connection.sourceHandle);
  }, []);

  const isValidConnection = useCallback<IsValidConnection<LinkEdge>>(
    (connection) => connectionProblem(useFlowEditor.getState().graph, describe, connection.source, connection.target, connection.sourceHandle) === null,
    [],
  );

  // A drop the canvas refused says why (the preview line showed it while drawing).
  const onConnectEnd = useCallback((_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    if (state.isValid !== false || !state.fromNode || !state.toNode || !state.fromHandle) return;
    const reversed = state.fromHandle.type === 'target';
    const source = reversed ? state.toNode.id : state.fromNode.id;
    const target = reversed ? state.fromNode.id : state.toNode.id;
    const handle = reversed ? state.toHandle?.id : state.fromHandle.id;
    const problem = connectionProblem(useFlowEditor.getState().graph, describe, source, target, handle);
    if (problem) useFlowEditor.getState().setNotice(problem);
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(NODE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(NODE_DRAG_TYPE);
      if (!type) return;
      event.preventDefault();
      const point = screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const editor = useFlowEditor.getState();
      // Dropped onto another card: the new one goes below it instead of hiding it.
      const spot = dropSpot(editor.graph, describe, { x: Math.round(point.x - CARD.minWidth / 2), y: Math.round(point.y - CARD.height / 2) });
      // With one step selected, the dropped step follows it (as n8n and Make do): linked from its next free output.
      const selected = editor.selectedNodes.length === 1 ? editor.selectedNodes[0]! : null;
      const after = selected && describe(type)?.kind === 'action' ? nextStepPlacement(editor.graph, describe, selected) : null;
      if (selected && after) editor.addNodeAfter(type, spot, { nodeId: selected, handle: after.handle });
      else editor.addNode(type, spot);
    },
    [screenToFlowPosition],
  );

  return (
    <div className={`flow-canvas${readOnly ? ' is-read-only' : ''}`} data-testid="flow-canvas" onDragOver={readOnly ? undefined : onDragOver} onDrop={readOnly ? undefined : onDrop}>
      <ReactFlow<StepNode, LinkEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={readOnly ? undefined : onConnect}
        onConnectEnd={readOnly ? undefined : onConnectEnd}
        isValidConnection={isValidConnection}
        connectionLineComponent={ConnectionPreview}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        elementsSelectable={!readOnly}
        edgesFocusable={!readOnly}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Meta', 'Control']}
        onInit={fitOnInit}
        minZoom={0.05}
        maxZoom={1.75}
        onlyRenderVisibleElements
        elevateNodesOnSelect={false}
        colorMode="system"
        attributionPosition="top-right"
        aria-label={readOnly ? 'Flow canvas (run view, read only)' : 'Flow canvas'}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.4} />
        <Controls showInteractive={false} fitViewOptions={FIT_VIEW} position="bottom-left" />
         <MiniMap<StepNode> pannable zoomable position="bottom-right" style={MINIMAP_SIZE} nodeColor={miniMapColor} nodeStrokeWidth={0} nodeBorderRadius={6} ariaLabel="Overview of the flow" />
      </ReactFlow>
      {graph.nodes.length === 0 && !readOnly ? (
        <div className="canvas-empty">
          <strong>Start with a trigger</strong>
          <span>Drag one from the list on the left, or select it and press Enter. Then add the steps that follow.</span>
        </div>
      ) : null}
      <CanvasNotice />
    </div>
  );
}

const STATUS_COLORS: Record<string, string> = {
  succeeded: '#1f9d55',
  failed: '#d4483c',
  running: '#d08a00',
  waiting: '#d08a00',
  pending: '#9aa0b5',
  skipped: '#c3c7d4',
};
const CATEGORY_COLORS: Record<string, string> = { Triggers: '#6366f1', WhatsApp: '#22a565', Flow: '#64748b', AI: '#9b5de5', Email: '#2f80ed' };

function miniMapColor(node: StepNode): string {
  if (node.data.status) return STATUS_COLORS[node.data.status] ?? '#9aa0b5';
  if (node.data.problems.length > 0) return '#d4483c';
  return CATEGORY_COLORS[node.data.category] ?? '#8b91a7';
}
