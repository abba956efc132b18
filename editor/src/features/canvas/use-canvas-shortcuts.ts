import { useEffect } from 'react';
import { useFlowEditor } from '../../store/flow-store';

/** Typing in a field, or focus in a part of the page that asked to be left alone (the settings panel). */
function ignored(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  if (target.closest('input, textarea, select, [contenteditable="true"], [data-shortcuts="off"], dialog')) return true;
  return false;
}

/**
 * The editor's keyboard: Delete/Backspace, Ctrl/Cmd+Z, Shift+Ctrl/Cmd+Z and Ctrl+Y, Ctrl/Cmd+C,
 * V, D, A, and Escape. Ignored while typing, in an open dialog and in the settings panel, so
 * those keep their usual meaning there.
 */
export function useCanvasShortcuts(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || ignored(event.target) || document.querySelector('dialog[open]')) return;
      const store = useFlowEditor.getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const handled = () => event.preventDefault();

      if (!mod && (key === 'delete' || key === 'backspace')) {
        if (store.selectedNodes.length + store.selectedEdges.length === 0) return;
        handled();
        store.removeSelection();
      } else if (!mod && key === 'escape') {
        if (store.selectedNodes.length + store.selectedEdges.length === 0) return;
        handled();
        store.select([]);
      } else if (mod && key === 'z') {
        handled();
        if (event.shiftKey) store.redo();
        else store.undo();
      } else if (mod && key === 'y') {
        handled();
        store.redo();
      } else if (mod && key === 'c') {
        // Text the user selected on the page copies as text.
        if (window.getSelection()?.toString() || store.selectedNodes.length === 0) return;
        handled();
        store.copySelection();
      } else if (mod && key === 'v') {
        const { clipboard } = useFlowEditor.getState();
        if (!clipboard) return;
        handled();
        // Beside the copied steps, past earlier pastes: each paste finds the next free place to the right.
        store.paste();
      } else if (mod && key === 'd') {
        handled();
        store.duplicateSelection();
      } else if (mod && key === 'a') {
        handled();
        // Nodes only: deleting them takes their edges, and 300 edge delete buttons help no one.
        store.select(store.graph.nodes.map((node) => node.id));
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}
