import { useEffect, useId, useRef, useState } from 'react';
import { routeHref } from '../../app/router';
import { ROLE_LABELS } from '../../store/permissions';
import { useSession } from '../../store/session-store';
import { Icon } from '../canvas/Icon';
import { NewWorkspaceDialog } from './NewWorkspaceDialog';
import './accounts.css';

/**
 * The workspace this tab works in, with the person's role there; its menu lists their other
 * workspaces (choosing one reloads the page in it), the members, and "New workspace…". An API
 * key belongs to one workspace: then it only says which.
 */
export function WorkspaceSwitcher({ compact }: { compact: boolean }) {
  const me = useSession((state) => state.me);
  const switchWorkspace = useSession((state) => state.switchWorkspace);
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  if (!me) return null;
  const name = me.workspace?.name ?? 'No workspace';
  const who = me.apiKey ? `API key “${me.apiKey.name}”` : me.role ? ROLE_LABELS[me.role] : '';
  const initial = name.trim().charAt(0).toUpperCase() || '?';

  if (me.apiKey) {
    return (
      <div className="ws-switcher" data-testid="workspace-switcher" title={compact ? `${name} · ${who}` : undefined}>
        <span className="ws-initial" aria-hidden="true">
          {initial}
        </span>
        <span className="ws-text sidebar-label">
          <span className="ws-name">{name}</span>
          <span className="ws-role">{who}</span>
        </span>
      </div>
    );
  }

  return (
    <div
      className="ws-switcher"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          setOpen(false);
          root.current?.querySelector<HTMLElement>('button')?.focus();
        }
        if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && open) {
          event.preventDefault();
          const items = [...(root.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
          const index = items.indexOf(document.activeElement as HTMLElement);
          items[(index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus();
        }
      }}
    >
      <button
        type="button"
        className="ws-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        aria-label={`Workspace: ${name}, ${who}. Switch workspace`}
        title={compact ? `${name} · ${who}` : undefined}
        data-testid="workspace-switcher"
        onClick={() => setOpen((value) => !value)}
      >
        <span className="ws-initial" aria-hidden="true">
          {initial}
        </span>
        <span className="ws-text sidebar-label">
          <span className="ws-name">{name}</span>
          <span className="ws-role" data-testid="workspace-role">
            {who}
          </span>
        </span>
        <span className="sidebar-label" aria-hidden="true">
          <Icon name="chevron-down" size={14} />
        </span>
      </button>
      {open ? (
        <ul className="ws-menu" role="menu" id={menuId} aria-label="Workspaces">
          {me.workspaces.map((workspace) => {
            const current = workspace.id === me.workspace?.id;
            return (
              <li key={workspace.id} role="none">
                <button
                  type="button"
                  role="menuitemradio"
                  aria-checked={current}
                  tabIndex={-1}
                  onClick={() => {
                    setOpen(false);
                    if (!current) switchWorkspace(workspace.id);
                  }}
                >
                  <span className="ws-name">{workspace.name}</span>
                  <span className="ws-role">{ROLE_LABELS[workspace.role]}</span>
                </button>
              </li>
            );
          })}
          <li role="separator" />
          <li role="none">
            <a role="menuitem" tabIndex={-1} href={routeHref({ page: 'members' })} onClick={() => setOpen(false)}>
              Members
            </a>
          </li>
          <li role="none">
            <button
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                setOpen(false);
                setCreating(true);
              }}
            >
              New workspace…
            </button>
          </li>
        </ul>
      ) : null}
      <NewWorkspaceDialog open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
