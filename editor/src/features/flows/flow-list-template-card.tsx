import type { ConnectionView, FlowTemplateView } from '../../api/types';
import { describe } from '../../store/catalog-store';
import { familyOf } from '../node-config/connections-store';
import { orderedSteps } from './flow-list-format';
import { stepTitle, templateSetup, triggerTitle } from './template-gallery';

/** How many steps the little diagram draws before "+ n more". */
const PREVIEW_STEPS = 5;

/** Colour family of a step in the preview (triggers, WhatsApp, flow control, the rest). */
function family(type: string): string {
  if (describe(type)?.kind === 'trigger') return 'trigger';
  return type.split('.')[0] ?? 'other';
}

/**
 * One choice in the new-flow gallery: a radio card with what starts it, its name, description,
 * its steps in order as a tiny vertical diagram, and what it needs before it runs (a sender,
 * your own addresses). `connections` undefined: not loaded yet.
 */
export function TemplateCard({ template, checked, onSelect, connections }: { template: FlowTemplateView; checked: boolean; onSelect(): void; connections: readonly ConnectionView[] | undefined }) {
  const steps = orderedSteps(template);
  const shown = steps.slice(0, PREVIEW_STEPS);
  const descriptionId = `template-${template.id}-description`;
  const trigger = triggerTitle(template);
  const setup = templateSetup(template, describe, connections);
  return (
    <label className={`fl-card${checked ? ' is-selected' : ''}`} data-testid="template-card" data-template-id={template.id}>
      <input type="radio" name="flow-start" value={template.id} checked={checked} onChange={onSelect} aria-label={template.name} aria-describedby={descriptionId} />
      <span className="fl-card-top">
        <span className="fl-card-category" title={`Starts with: ${trigger ?? 'no trigger'}`}>
          {trigger ?? template.category}
        </span>
        <span className="fl-card-check" aria-hidden="true">
          {checked ? '✓' : ''}
        </span>
      </span>
      <span className="fl-card-name">{template.name}</span>
      <span className="fl-card-description" id={descriptionId}>
        {template.description}
      </span>
      <ol className="fl-diagram" aria-label={`Steps: ${steps.map((step) => stepTitle(template, step)).join(', then ')}`}>
        {shown.map((step) => (
          <li key={step.id} className={`fl-diagram-step fl-family-${family(step.type)}`} aria-hidden="true">
            <span className="fl-diagram-dot" />
            <span className="fl-diagram-title">{stepTitle(template, step)}</span>
          </li>
        ))}
        {steps.length > shown.length ? (
          <li className="fl-diagram-more" aria-hidden="true">
            + {steps.length - shown.length} more
          </li>
        ) : null}
      </ol>
      {setup.length > 0 ? (
        <span className="fl-card-needs" data-testid="template-needs">
          {setup.map((need) =>
            need.kind === 'connection' ? (
              <span
                key={need.provider}
                className={`fl-need${need.chosen === null ? ' is-missing' : ''}`}
                title={need.chosen ? `Uses your ${familyOf(need.provider).noun} “${need.chosen.name}”` : need.chosen === null ? `You have no ${familyOf(need.provider).noun} yet` : undefined}
              >
                {need.chosen === null ? '⚠ ' : need.chosen ? '✓ ' : ''}
                {familyOf(need.provider).noun}
              </span>
            ) : (
              <span key="placeholder" className="fl-need is-missing" title={`Example addresses to replace: ${need.hosts.join(', ')}`}>
                ⚠ Your own URLs
              </span>
            ),
          )}
        </span>
      ) : null}
    </label>
  );
}

/** The "Start from scratch" choice, shaped like a template card. */
export function ScratchCard({ checked, onSelect }: { checked: boolean; onSelect(): void }) {
  return (
    <label className={`fl-card fl-card-scratch${checked ? ' is-selected' : ''}`} data-testid="template-card" data-template-id="">
      <input type="radio" name="flow-start" value="" checked={checked} onChange={onSelect} aria-label="Start from scratch" aria-describedby="template-scratch-description" />
      <span className="fl-card-top">
        <span className="fl-card-category">Blank</span>
        <span className="fl-card-check" aria-hidden="true">
          {checked ? '✓' : ''}
        </span>
      </span>
      <span className="fl-card-name">Start from scratch</span>
      <span className="fl-card-description" id="template-scratch-description">
        An empty canvas: pick a trigger — a call that ended, a WhatsApp message, a schedule — and add the steps you need.
      </span>
      <span className="fl-scratch-plus" aria-hidden="true">
        +
      </span>
    </label>
  );
}
