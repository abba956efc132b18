import { useMemo, useState, type DragEvent } from 'react';
import type { NodeDescription } from '../../api/types';
import { describe, useCatalog } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { NODE_DRAG_TYPE } from '../canvas/FlowCanvas';
import { Icon } from '../canvas/Icon';
import { useAddNode } from '../canvas/use-add-node';
import { paletteGroups } from './palette-groups';
import './palette.css';

/**
 * The node types to build a flow from, grouped by category (triggers first) and searchable.
 * Drag one onto the canvas, or click it / press Enter to add it after the selected node (or in
 * the middle of the view). Collapses to a narrow rail.
 */
export function Palette({ collapsed, onToggle }: { collapsed: boolean; onToggle(): void }) {
  const catalog = useCatalog((state) => state.nodes);
  const [query, setQuery] = useState('');
  const groups = useMemo(() => paletteGroups(catalog, query), [catalog, query]);
  const hasTrigger = useFlowEditor((state) => state.graph.nodes.some((node) => describe(node.type, node.typeVersion)?.kind === 'trigger'));
  const addNode = useAddNode();

  if (collapsed) {
    return (
      <aside className="palette is-collapsed" aria-label="Steps">
        <button type="button" className="icon-button palette-toggle" onClick={onToggle} aria-label="Show steps" aria-expanded="false" title="Show steps">
          <Icon name="chevron-right" />
        </button>
      </aside>
    );
  }

  return (
    <aside className="palette" aria-label="Steps">
      <div className="palette-header">
        <h2>Steps</h2>
        <button type="button" className="icon-button palette-toggle" onClick={onToggle} aria-label="Hide steps" aria-expanded="true" title="Hide steps">
          <Icon name="chevron-left" />
        </button>
      </div>
      <label className="palette-search">
        <Icon name="search" size={16} />
        <span className="visually-hidden">Search steps</span>
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Search steps" data-testid="palette-search" />
      </label>
      <div className="palette-groups">
        {groups.length === 0 ? <p className="palette-hint">No step matches “{query}”.</p> : null}
        {groups.map((group) => (
          <section key={group.category} className="palette-group" aria-labelledby={`palette-${slug(group.category)}`}>
            <h3 id={`palette-${slug(group.category)}`}>{group.category}</h3>
            <ul>
              {group.nodes.map((node) => (
                <li key={node.type}>
                  <PaletteItem node={node} taken={node.kind === 'trigger' && hasTrigger} onAdd={() => addNode(node.type)} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </aside>
  );
}

function PaletteItem({ node, taken, onAdd }: { node: NodeDescription; taken: boolean; onAdd(): void }) {
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(NODE_DRAG_TYPE, node.type);
    event.dataTransfer.effectAllowed = 'move';
  };
  const descriptionId = `palette-description-${slug(node.type)}`;
  return (
    <button
      type="button"
      className={`palette-item${taken ? ' is-taken' : ''}`}
      data-category={node.category}
      draggable
      onDragStart={onDragStart}
      onClick={onAdd}
      aria-label={`Add ${node.title}`}
      aria-describedby={descriptionId}
      data-testid={`palette-item-${node.type}`}
      title={taken ? 'This flow already has a trigger: delete it first to use another' : `Drag onto the canvas, or click to add`}
    >
      <span className="palette-icon">
        <Icon name={node.icon} size={17} />
      </span>
      <span className="palette-text">
        <span className="palette-title">{node.title}</span>
        <span className="palette-description" id={descriptionId}>
          {node.description}
        </span>
      </span>
      <span className="palette-add" aria-hidden="true">
        <Icon name="plus" size={14} />
      </span>
    </button>
  );
}

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
