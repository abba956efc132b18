import { CONDITION_ROW_OPERATORS, type ConditionOperator } from '@switchboard/shared';
import { readsAsTyped, takesValue, typedValue, type RowDraft } from './condition-values';
import { TemplateInput } from './TemplateInput';

/** One row of the condition builder: field (typed or picked), operator, value with its typing, remove. */
export function ConditionRowEditor({ id, label, first, draft, onChange, onRemove }: { id: string; label: string; first: boolean; draft: RowDraft; onChange(change: Partial<RowDraft>): void; onRemove(): void }) {
  const typed = typedValue(draft.text, false);
  const showTyping = readsAsTyped(draft.text) || draft.asText;
  const kind = typeof typed === 'number' ? 'a number' : typeof typed === 'boolean' ? 'true/false' : 'text';
  return (
    <li className="nc-condition-row">
      {!first ? (
        <span className="nc-and" aria-hidden="true">
          and
        </span>
      ) : null}
      <div className="nc-condition-grid">
        <div className="nc-condition-field">
          <TemplateInput
            a11y={{ id: `${id}-field`, 'aria-label': `${label} field` }}
            label={`${label} field`}
            mode="path"
            value={draft.field}
            placeholder="Field, e.g. trigger.variables.appointment_booked"
            onChange={(field) => onChange({ field })}
          />
          {draft.field.trim() === '' ? <p className="hint">Pick a field with {'{ }'} or type its path.</p> : null}
        </div>
        <select aria-label={`${label} operator`} id={`${id}-operator`} value={draft.operator} onChange={(event) => onChange({ operator: event.target.value as ConditionOperator })}>
          {CONDITION_ROW_OPERATORS.map((entry) => (
            <option key={entry.operator} value={entry.operator}>
              {entry.label}
            </option>
          ))}
        </select>
        {takesValue(draft.operator) ? (
          <div className="nc-condition-value">
            <input
              id={`${id}-value`}
              type="text"
              aria-label={`${label} value`}
              value={draft.text}
              placeholder="Value, e.g. true"
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => onChange({ text: event.target.value, ...(readsAsTyped(event.target.value) ? {} : { asText: false }) })}
            />
          </div>
        ) : (
          <span className="nc-condition-novalue" />
        )}
        <button type="button" className="icon-button nc-remove" aria-label={`Remove ${label.toLowerCase()}`} title="Remove" onClick={onRemove}>
          ×
        </button>
        {takesValue(draft.operator) && showTyping ? (
          <p className="nc-type-hint">
            <span>{draft.asText ? 'Compared as text.' : `Compared as ${kind}.`}</span>
            <button type="button" className="link-button" aria-pressed={draft.asText} aria-label={`${label}: compare as text`} onClick={() => onChange({ asText: !draft.asText })}>
              {draft.asText ? `Compare as ${kind} instead` : 'Compare as text instead'}
            </button>
          </p>
        ) : null}
      </div>
    </li>
  );
}
