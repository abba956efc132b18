import { useEffect, useId, useState, type FormEvent } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import { navigate } from '../../app/router';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { ErrorState, Loading } from '../../ui/States';
import { useResource } from '../../ui/use-resource';
import { describe, useCatalog } from '../../store/catalog-store';
import { useConnections } from '../node-config/connections-store';
import { problemLines, suggestedName } from './flow-list-format';
import { ScratchCard, TemplateCard } from './flow-list-template-card';
import { SetupNote } from './flow-list-template-setup';
import { galleryGroups, templateSetup } from './template-gallery';

/**
 * "New flow": a name, and a start — from scratch or a template of the gallery. Creating opens
 * the new draft in the editor. `initialTemplate` preselects a template (the empty state's offer).
 */
export function NewFlowDialog({ open, initialTemplate, existingNames, onClose }: { open: boolean; initialTemplate: string | null; existingNames: string[]; onClose(): void }) {
  // Mounted only while open, so every opening starts from a fresh form.
  return open ? <NewFlowForm initialTemplate={initialTemplate} existingNames={existingNames} onClose={onClose} /> : null;
}

function NewFlowForm({ initialTemplate, existingNames, onClose }: { initialTemplate: string | null; existingNames: string[]; onClose(): void }) {
  const gallery = useResource(() => api.get('/api/flow-templates'), []);
  const [choice, setChoice] = useState<string>(initialTemplate ?? '');
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; lines: string[] } | null>(null);
  const templates = gallery.data?.templates ?? [];
  const chosen = templates.find((template) => template.id === choice) ?? null;
  const groups = galleryGroups(templates);
  const [category, setCategory] = useState<string | null>(null);
  const headingId = useId();
  // What each template needs is told against the workspace's connections and the catalog's schemas.
  const connections = useConnections((state) => state.connections);
  const loadConnections = useConnections((state) => state.loadConnections);
  useEffect(() => {
    void loadConnections();
  }, [loadConnections]);
  useCatalog((state) => state.byVersion);
  const known = connections.status === 'ready' ? connections.data : undefined;

  // The name follows the chosen start until the person types their own.
  useEffect(() => {
    if (!nameTouched) setName(suggestedName(chosen, existingNames));
  }, [chosen, nameTouched, existingNames]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = choice ? { name: name.trim(), fromTemplate: choice } : { name: name.trim() };
      const flow = await api.post('/api/flows', body);
      navigate({ page: 'flow', flowId: flow.id });
    } catch (failure) {
      setError({ message: errorMessage(failure), lines: failure instanceof ApiError ? problemLines(failure.details) : [] });
      setBusy(false);
    }
  };

  const nameError = error?.lines.find((line) => line.startsWith('name:'));

  return (
    <Dialog
      open
      title="New flow"
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" form="new-flow-form" variant="primary" busy={busy} disabled={name.trim() === ''}>
            {chosen ? 'Create from template' : 'Create flow'}
          </Button>
        </>
      }
    >
      <form id="new-flow-form" className="fl-new" onSubmit={(event) => void submit(event)} noValidate>
        <div className="field">
          <label htmlFor="new-flow-name">Name</label>
          <input
            id="new-flow-name"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setNameTouched(true);
            }}
            maxLength={200}
            autoFocus
            aria-invalid={nameError ? true : undefined}
            aria-describedby="new-flow-name-hint"
          />
          <span className={nameError ? 'form-error' : 'hint'} id="new-flow-name-hint">
            {nameError ? nameError.slice('name: '.length) : 'You can rename it any time.'}
          </span>
        </div>

        <fieldset className="fl-gallery">
          <legend>Start from</legend>
          {gallery.loading ? (
            <Loading label="Loading templates…" />
          ) : gallery.error && !gallery.data ? (
            <ErrorState message={`The templates could not be loaded: ${gallery.error}`} onRetry={gallery.reload} />
          ) : (
            <>
              {groups.length > 1 ? (
                <div className="fl-categories" role="group" aria-label="Show templates of">
                  {[{ name: null, count: templates.length }, ...groups.map((group) => ({ name: group.category, count: group.templates.length }))].map((option) => (
                    <button
                      key={option.name ?? '(all)'}
                      type="button"
                      className={`fl-category${category === option.name ? ' is-active' : ''}`}
                      aria-pressed={category === option.name}
                      onClick={() => setCategory(option.name)}
                      data-testid="template-category"
                    >
                      {option.name ?? 'All'} <span className="fl-category-count">{option.count}</span>
                    </button>
                  ))}
                </div>
              ) : null}
              {category === null ? (
                <div className="fl-cards">
                  <ScratchCard checked={choice === ''} onSelect={() => setChoice('')} />
                </div>
              ) : null}
              {groups
                .filter((group) => category === null || group.category === category)
                .map((group, index) => (
                  <section key={group.category} className="fl-group" aria-labelledby={`${headingId}-${index}`} data-testid="template-group" data-category={group.category}>
                    <h3 id={`${headingId}-${index}`} className="fl-group-title">
                      {group.category} <span className="fl-category-count">{group.templates.length}</span>
                    </h3>
                    <div className="fl-cards">
                      {group.templates.map((template) => (
                        <TemplateCard key={template.id} template={template} checked={choice === template.id} onSelect={() => setChoice(template.id)} connections={known} />
                      ))}
                    </div>
                  </section>
                ))}
            </>
          )}
        </fieldset>

        {chosen ? <SetupNote name={chosen.name} setup={templateSetup(chosen, describe, known)} /> : null}

        {error && !nameError ? (
          <div className="fl-error" role="alert">
            <p>{error.message}</p>
            {error.lines.length > 1 ? (
              <ul>
                {error.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
      </form>
    </Dialog>
  );
}
