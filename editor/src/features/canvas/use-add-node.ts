import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { describe } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { CARD } from './diagram';
import { freeSpot, nextStepPlacement } from './placement';

/**
 * Adds a node of `type` without a pointer (the palette's Add, Enter on an item): after the one
 * selected node, connected from its first free output, else in the middle of the view; then
 * brings it into view. Returns the new node's id, or null when the store refused (a second
 * trigger: the store says why in `notice`).
 */
export function useAddNode(): (type: string) => string | null {
  const flow = useReactFlow();
  const store = useStoreApi();

  return useCallback(
    (type: string) => {
      const editor = useFlowEditor.getState();
      const description = describe(type);
      const after = editor.selectedNodes.length === 1 && description?.kind === 'action' ? nextStepPlacement(editor.graph, describe, editor.selectedNodes[0]!) : null;
      const { width, height, transform } = store.getState();
      const [tx, ty, zoom] = transform;
      let nodeId: string | null;
      let position: { x: number; y: number };
      if (after) {
        position = after.position;
        nodeId = editor.addNodeAfter(type, position, { nodeId: editor.selectedNodes[0]!, handle: after.handle });
      } else {
        const center = { x: (width / 2 - tx) / zoom - CARD.minWidth / 2, y: (height / 2 - ty) / zoom - CARD.height / 2 };
        position = freeSpot(editor.graph, describe, { x: Math.round(center.x), y: Math.round(center.y) });
        nodeId = editor.addNode(type, position);
      }
      if (!nodeId) return null;
      const screen = { x: position.x * zoom + tx, y: position.y * zoom + ty };
      const visible = screen.x >= 0 && screen.y >= 0 && screen.x + CARD.minWidth * zoom <= width && screen.y + CARD.height * zoom <= height;
      if (!visible) void flow.setCenter(position.x + CARD.minWidth / 2, position.y + CARD.height / 2, { zoom, duration: 250 });
      return nodeId;
    },
    [flow, store],
  );
}
