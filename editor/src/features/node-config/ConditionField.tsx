import { isEmptyCondition, validateCondition } from '@switchboard/shared';
import { useEffect, useRef, useState } from 'react';
import { conditionOf, draftsOf, emptyDraft, type RowDraft } from './condition-values';
import { ConditionRowEditor } from './ConditionRowEditor';
import { domId, problemsAt, singular } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import type { ConditionModel } from './schema-model';

const serialize = (value: unknown) => JSON.stringify(value ?? null);

/**
 * A condition (`x-widget: condition`) as rows of field, operator and value joined by AND,
 * stored as json-logic with `rowsToCondition`. A stored condition the rows cannot show (an
 * `or`, nested logic) is edited as JSON, validated with `validateCondition`. No rows: no condition.
 */
export function ConditionField({ model, path, value, onChange, compact }: FieldProps<ConditionModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const rowLabel = singular(model.label);
  const [drafts, setDrafts] = useState<RowDraft[]>(() => draftsOf(value) ?? []);
  const [jsonMode, setJsonMode] = useState(() => draftsOf(value) === null);
  const [jsonText, setJsonText] = useState(() => (isEmptyCondition(value) ? '' : JSON.stringify(value, null, 2)));
  const [focusRow, setFocusRow] = useState<number | null>(null);
  // What this field stored last: a change coming back from the store is not a change from elsewhere.
  const written = useRef(serialize(value));

  useEffect(() => {
    const incoming = serialize(value);
    if (incoming === written.current) return;
    written.current = incoming;
    const rows = draftsOf(value);
    if (rows === null) setJsonMode(true);
    else setDrafts(rows);
    setJsonText(isEmptyCondition(value) ? '' : JSON.stringify(value, null, 2));
  }, [value]);

  useEffect(() => {
    if (focusRow === null) return;
    document.getElementById(`${id}-${focusRow}-field`)?.focus();
    setFocusRow(null);
  }, [focusRow, id]);

  const store = (condition: unknown) => {
    written.current = serialize(condition);
    onChange(condition);
  };

  const writeDrafts = (next: RowDraft[]) => {
    setDrafts(next);
    store(conditionOf(next));
  };

  const update = (index: number, change: Partial<RowDraft>) => writeDrafts(drafts.map((draft, i) => (i === index ? { ...draft, ...change } : draft)));

  const problems = problemsAt(form.problems, path, { deep: true });

  let parsed: { ok: true; value: unknown } | { ok: false; error: string } = { ok: true, value: undefined };
  if (jsonMode && jsonText.trim() !== '') {
    try {
      parsed = { ok: true, value: JSON.parse(jsonText) };
    } catch (error) {
      parsed = { ok: false, error: `This is not valid JSON: ${(error as Error).message}` };
    }
  }
  const jsonErrors = !jsonMode ? [] : parsed.ok ? validateCondition(parsed.value) : [parsed.error];
  const convertible = jsonMode && parsed.ok ? draftsOf(parsed.value) : null;

  const actions = (
    <span className="nc-inline-actions">
      {jsonMode ? (
        <button
          type="button"
          className="link-button small"
          disabled={convertible === null}
          title={convertible === null ? 'Only conditions joined by AND with simple comparisons can be shown as rows' : undefined}
          onClick={() => {
            if (convertible === null) return;
            setDrafts(convertible);
            setJsonMode(false);
          }}
        >
          Convert to rows
        </button>
      ) : (
        <button
          type="button"
          className="link-button small"
          onClick={() => {
            const condition = conditionOf(drafts);
            setJsonText(condition ? JSON.stringify(condition, null, 2) : '');
            setJsonMode(true);
          }}
        >
          Edit as JSON
        </button>
      )}
    </span>
  );

  return (
    <FieldShell id={`${id}-group`} label={model.label} required={model.required} description={model.description} problems={problems} localErrors={jsonErrors} actions={actions} compact={compact} group>
      {() =>
        jsonMode ? (
          <div className="nc-condition-json">
            <label className="visually-hidden" htmlFor={id}>
              {model.label} (JSON)
            </label>
            <textarea
              id={id}
              className="nc-code"
              spellCheck={false}
              rows={6}
              value={jsonText}
              aria-invalid={jsonErrors.length > 0 || undefined}
              placeholder='{ "==": [{ "var": "trigger.variables.appointment_booked" }, true] }'
              onChange={(event) => {
                const text = event.target.value;
                setJsonText(text);
                if (text.trim() === '') return store(undefined);
                try {
                  const next = JSON.parse(text);
                  store(isEmptyCondition(next) ? undefined : next);
                } catch {
                  // Kept as typed; stored once it parses.
                }
              }}
            />
            <p className="hint">
              {convertible === null && parsed.ok && jsonText.trim() !== ''
                ? 'Rows show conditions joined by AND with simple comparisons; this one (an “or”, nested logic…) stays JSON.'
                : 'json-logic over the run context, e.g. { "==": [{ "var": "trigger.connected" }, true] }.'}
            </p>
          </div>
        ) : (
          <div className="nc-condition">
            {drafts.length === 0 ? <p className="nc-empty-note">{model.required ? 'No condition yet: add one.' : 'No conditions: this always holds.'}</p> : null}
            <ol className="nc-condition-rows">
              {drafts.map((draft, index) => (
                <ConditionRowEditor
                  key={index}
                  id={`${id}-${index}`}
                  label={`${rowLabel} ${index + 1}`}
                  first={index === 0}
                  draft={draft}
                  onChange={(change) => update(index, change)}
                  onRemove={() => writeDrafts(drafts.filter((_, i) => i !== index))}
                />
              ))}
            </ol>
            <button
              type="button"
              className="button button-ghost nc-add"
              id={drafts.length === 0 ? id : undefined}
              onClick={() => {
                setDrafts([...drafts, emptyDraft()]);
                setFocusRow(drafts.length);
              }}
            >
              + Add {rowLabel.toLowerCase()}
            </button>
          </div>
        )
      }
    </FieldShell>
  );
}
