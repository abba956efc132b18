import { DYNAMIC_VARIABLE_PREFIX } from '@switchboard/shared';
import { useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useForm } from './form-context';
import { matchesSearch, type VariableGroup, type VariableOption } from './variables';

interface Entry {
  key: string;
  group: string;
  option: VariableOption;
}

const POPOVER_WIDTH = 340;
const POPOVER_MAX_HEIGHT = 380;

/**
 * The "{ }" button of a field and its popover: a searchable list of everything the node can use
 * (trigger fields, system variables, upstream steps, `dyn_*`), grouped. `template` mode hands back
 * a path to insert as `{{path}}`; `path` mode a path for a condition. Keyboard: arrows move, Enter
 * picks, Escape closes; focus returns to the button.
 */
export function VariablePicker({ label, mode, onPick, disabled }: { label: string; mode: 'template' | 'path'; onPick(path: string): void; disabled?: boolean }) {
  const form = useForm();
  const baseId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);
  const [groups, setGroups] = useState<VariableGroup[]>([]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [position, setPosition] = useState<{ left: number; top?: number; bottom?: number; maxHeight: number }>({ left: 0, top: 0, maxHeight: POPOVER_MAX_HEIGHT });

  const entries = useMemo(() => {
    const list: Entry[] = [];
    for (const group of groups) {
      if (mode === 'path' && group.kind === 'run') continue;
      for (const option of group.options) if (matchesSearch(option, query)) list.push({ key: `${group.id}:${option.path}`, group: group.label, option });
    }
    const wanted = query.trim().replace(/^\{\{\s*|\s*\}\}$/g, '');
    if (mode === 'template' && /^[a-z][a-z0-9_]*$/.test(wanted)) {
      const path = wanted.startsWith(DYNAMIC_VARIABLE_PREFIX) ? wanted : `${DYNAMIC_VARIABLE_PREFIX}${wanted}`;
      if (path.length > DYNAMIC_VARIABLE_PREFIX.length && !list.some((entry) => entry.option.path === path) && !groups.some((group) => group.options.some((option) => option.path === path))) {
        list.push({ key: `new:${path}`, group: 'New AI-extracted variable', option: { path, label: path, detail: `The AI reads “${path.slice(DYNAMIC_VARIABLE_PREFIX.length)}” from the transcript` } });
      }
    }
    return list;
  }, [groups, query, mode]);

  const place = useCallback(() => {
    const rect = buttonRef.current?.getBoundingClientRect();
    if (!rect) return;
    const left = Math.max(8, Math.min(rect.right - POPOVER_WIDTH, window.innerWidth - POPOVER_WIDTH - 8));
    const below = window.innerHeight - rect.bottom - 12;
    const above = rect.top - 12;
    if (below >= Math.min(POPOVER_MAX_HEIGHT, 260) || below >= above) setPosition({ left, top: rect.bottom + 4, maxHeight: Math.min(POPOVER_MAX_HEIGHT, below) });
    else setPosition({ left, bottom: window.innerHeight - rect.top + 4, maxHeight: Math.min(POPOVER_MAX_HEIGHT, above) });
  }, []);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    setQuery('');
    if (refocus) buttonRef.current?.focus();
  }, []);

  const show = () => {
    setGroups(form.variables());
    setActive(0);
    setQuery('');
    place();
    setOpen(true);
  };

  useLayoutEffect(() => {
    if (!open) return;
    const reposition = () => place();
    window.addEventListener('resize', reposition);
    window.addEventListener('scroll', reposition, true);
    const outside = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!popoverRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    document.addEventListener('mousedown', outside);
    return () => {
      window.removeEventListener('resize', reposition);
      window.removeEventListener('scroll', reposition, true);
      document.removeEventListener('mousedown', outside);
    };
  }, [open, place, close]);

  useEffect(() => {
    if (active >= entries.length) setActive(Math.max(0, entries.length - 1));
  }, [entries.length, active]);

  useEffect(() => {
    if (open) document.getElementById(`${baseId}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, open, baseId]);

  const pick = (entry: Entry | undefined) => {
    if (!entry) return;
    close(true);
    onPick(entry.option.path);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => Math.min(index + 1, entries.length - 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === 'PageDown') {
      event.preventDefault();
      setActive((index) => Math.min(index + 8, entries.length - 1));
    } else if (event.key === 'PageUp') {
      event.preventDefault();
      setActive((index) => Math.max(index - 8, 0));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      pick(entries[active]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key === 'Tab') {
      close(false);
    }
  };

  const title = mode === 'template' ? `Insert a variable into ${label}` : `Choose a field for ${label}`;
  const listId = `${baseId}-list`;

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className="nc-picker-button"
        aria-label={title}
        title={title}
        aria-haspopup="dialog"
        aria-expanded={open}
        disabled={disabled}
        onClick={() => (open ? close(true) : show())}
      >
        <span aria-hidden="true">{'{ }'}</span>
      </button>
      {open
        ? createPortal(
            <div
              ref={popoverRef}
              className="nc-popover"
              role="dialog"
              aria-label={mode === 'template' ? 'Variables' : 'Fields'}
              style={{ left: position.left, top: position.top, bottom: position.bottom, width: POPOVER_WIDTH, maxHeight: position.maxHeight }}
            >
              <input
                autoFocus
                className="nc-popover-search"
                type="search"
                role="combobox"
                aria-label={mode === 'template' ? 'Search variables' : 'Search fields'}
                aria-expanded="true"
                aria-controls={listId}
                aria-autocomplete="list"
                aria-activedescendant={entries.length > 0 ? `${baseId}-option-${active}` : undefined}
                placeholder={mode === 'template' ? 'Search, or type a name for the AI to extract' : 'Search fields'}
                value={query}
                onChange={(event) => {
                  setQuery(event.target.value);
                  setActive(0);
                }}
                onKeyDown={onKeyDown}
              />
              <div id={listId} role="listbox" className="nc-popover-list" aria-label={mode === 'template' ? 'Variables' : 'Fields'}>
                {sections(entries).map((section) => (
                  <div key={section.group} role="group" aria-label={section.group}>
                    <div className="nc-popover-group" aria-hidden="true">
                      {section.group}
                    </div>
                    {section.items.map(({ entry, index }) => (
                      <div
                        key={entry.key}
                        id={`${baseId}-option-${index}`}
                        role="option"
                        aria-selected={index === active}
                        className={`nc-popover-option${index === active ? ' nc-active' : ''}`}
                        onMouseDown={(event) => event.preventDefault()}
                        onMouseMove={() => index !== active && setActive(index)}
                        onClick={() => pick(entry)}
                      >
                        <code>{mode === 'template' ? `{{${entry.option.path}}}` : entry.option.path}</code>
                        {entry.option.detail ? <span className="nc-popover-detail">{entry.option.detail}</span> : null}
                      </div>
                    ))}
                  </div>
                ))}
              </div>
              {entries.length === 0 ? <p className="nc-popover-empty">Nothing matches “{query}”.</p> : null}
              <p className="nc-popover-footer" aria-hidden="true">
                ↑ ↓ to move · Enter to insert · Esc to close
              </p>
            </div>,
            document.body,
          )
        : null}
    </>
  );
}

/** Consecutive entries of one group, each with its index in the whole list (for aria-activedescendant). */
function sections(entries: readonly Entry[]): Array<{ group: string; items: Array<{ entry: Entry; index: number }> }> {
  const result: Array<{ group: string; items: Array<{ entry: Entry; index: number }> }> = [];
  entries.forEach((entry, index) => {
    const last = result.at(-1);
    if (last && last.group === entry.group) last.items.push({ entry, index });
    else result.push({ group: entry.group, items: [{ entry, index }] });
  });
  return result;
}
