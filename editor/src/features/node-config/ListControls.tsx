/** Move up, move down and remove buttons of an item of a list, named after the item. */
export function ListControls({ itemName, index, count, onMove, onRemove, canRemove = true }: { itemName: string; index: number; count: number; onMove(from: number, to: number): void; onRemove(): void; canRemove?: boolean }) {
  return (
    <span className="nc-list-controls">
      <button type="button" className="icon-button" aria-label={`Move ${itemName} up`} title="Move up" disabled={index === 0} onClick={() => onMove(index, index - 1)}>
        ↑
      </button>
      <button type="button" className="icon-button" aria-label={`Move ${itemName} down`} title="Move down" disabled={index === count - 1} onClick={() => onMove(index, index + 1)}>
        ↓
      </button>
      <button type="button" className="icon-button nc-remove" aria-label={`Remove ${itemName}`} title="Remove" disabled={!canRemove} onClick={onRemove}>
        ×
      </button>
    </span>
  );
}

/** A copy of `list` with the item at `from` moved to `to`. */
export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}
