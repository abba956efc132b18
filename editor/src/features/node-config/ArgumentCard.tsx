import type { GraphProblem } from '@switchboard/shared';
import { useEffect, useState } from 'react';
import { ArgumentChoices } from './ArgumentChoices';
import { domId, type Path } from './field-paths';
import {
  ARGUMENT_NAME,
  ARGUMENT_TYPES,
  ITEM_TYPES,
  argumentJson,
  renameArgument,
  setArgumentChoices,
  setArgumentDescription,
  setArgumentRequired,
  setArgumentSchema,
  setArgumentType,
  type ArgumentRow,
  type ItemType,
  type JsonObject,
} from './json-schema-form';
import { SchemaJsonEditor } from './SchemaJsonEditor';

interface ArgumentCardProps {
  nodeId: string;
  /** The path of the whole `parameters` field. */
  path: Path;
  index: number;
  row: ArgumentRow;
  schema: JsonObject;
  /** The engine's problems about this argument (`config.parameters.properties.<name>…`). */
  problems: readonly GraphProblem[];
  /** Applies an edit to the whole schema. */
  edit(change: (schema: JsonObject) => JsonObject): void;
  onRemove(): void;
}

const TYPE_LABELS: Record<string, string> = Object.fromEntries([...ARGUMENT_TYPES.map((type) => [type.value, type.label]), ['custom', 'Custom (JSON)']]);

/** One argument of an in-call function: name, type (with choices or list items), description for the agent, required. */
export function ArgumentCard({ nodeId, path, index, row, schema, problems, edit, onRemove }: ArgumentCardProps) {
  const label = `Argument ${index + 1}`;
  const at = [...path, 'properties', row.name];
  const nameId = domId(nodeId, at);
  const errorsId = `${nameId}-errors`;
  const typeProblem = problems.some((problem) => /\.type$/.test(problem.field));
  const jsonType = row.type === 'object' || row.type === 'custom';
  const describedBy = problems.length > 0 ? errorsId : undefined;

  return (
    <fieldset className="nc-card nc-arg" data-testid="function-argument" data-argument={row.name}>
      <legend className="visually-hidden">{label}</legend>
      <div className="nc-card-header">
        <span className="nc-card-title">
          <span className="nc-index">{index + 1}</span>
          <code className="nc-arg-name">{row.name}</code>
          <span className="nc-arg-type">
            {row.type === 'array' ? `List of ${ITEM_TYPES.find((item) => item.value === row.itemType)?.label ?? 'text'}` : TYPE_LABELS[row.type]}
            {row.required ? '' : ', optional'}
          </span>
        </span>
        <button type="button" className="icon-button nc-remove" aria-label={`Remove argument ${row.name}`} title="Remove" onClick={onRemove}>
          ×
        </button>
      </div>

      <div className="nc-arg-grid">
        <NameInput id={nameId} label={`${label} name`} name={row.name} taken={Object.keys((schema.properties as JsonObject | undefined) ?? {}).filter((name) => name !== row.name)} describedBy={describedBy} onRename={(next) => edit((current) => renameArgument(current, row.name, next))} />
        <div className="nc-arg-field">
          <label className="nc-arg-sublabel" htmlFor={domId(nodeId, [...at, 'type'])}>
            Type
          </label>
          <select
            id={domId(nodeId, [...at, 'type'])}
            aria-label={`${label} type`}
            value={row.type}
            aria-invalid={typeProblem ? true : undefined}
            aria-describedby={typeProblem ? errorsId : undefined}
            onChange={(event) => {
              const type = event.target.value as ArgumentRow['type'];
              if (type !== 'custom') edit((current) => setArgumentType(current, row.name, type, row.itemType));
            }}
          >
            {ARGUMENT_TYPES.map((type) => (
              <option key={type.value} value={type.value}>
                {type.label}
              </option>
            ))}
            {row.type === 'custom' ? <option value="custom">Custom (JSON)</option> : null}
          </select>
        </div>
      </div>

      {row.type === 'array' ? (
        <div className="nc-arg-field nc-arg-inline">
          <label className="nc-arg-sublabel" htmlFor={domId(nodeId, [...at, 'items'])}>
            List of
          </label>
          <select id={domId(nodeId, [...at, 'items'])} aria-label={`${label} list items`} value={row.itemType} onChange={(event) => edit((current) => setArgumentType(current, row.name, 'array', event.target.value as ItemType))}>
            {ITEM_TYPES.map((type) => (
              <option key={type.value} value={type.value}>
                {type.label}
              </option>
            ))}
          </select>
        </div>
      ) : null}

      {row.type === 'enum' ? <ArgumentChoices id={domId(nodeId, [...at, 'enum'])} argumentLabel={label} choices={row.choices} onChange={(choices) => edit((current) => setArgumentChoices(current, row.name, choices))} /> : null}

      {jsonType ? (
        <div className="nc-arg-field">
          <span className="nc-arg-sublabel">{row.type === 'object' ? 'Its fields, as JSON Schema' : 'Its schema, as JSON (the form cannot draw it)'}</span>
          <SchemaJsonEditor
            id={domId(nodeId, [...at, 'schema'])}
            label={`${label} schema`}
            value={argumentJson(schema, row.name)}
            rows={4}
            invalid={problems.length > 0}
            describedBy={describedBy}
            onChange={(next) => edit((current) => setArgumentSchema(current, row.name, next))}
          />
        </div>
      ) : null}

      <div className="nc-arg-field">
        <label className="nc-arg-sublabel" htmlFor={domId(nodeId, [...at, 'description'])}>
          Description <span className="nc-arg-muted">for the agent</span>
        </label>
        <textarea
          id={domId(nodeId, [...at, 'description'])}
          className="nc-arg-description"
          aria-label={`${label} description`}
          rows={2}
          value={row.description}
          placeholder={placeholderFor(row)}
          onChange={(event) => edit((current) => setArgumentDescription(current, row.name, event.target.value))}
        />
      </div>

      <div className="nc-switch-row nc-arg-required">
        <label htmlFor={domId(nodeId, [...at, 'required'])}>
          Required <span className="nc-arg-muted">— the agent must pass it</span>
        </label>
        <input
          id={domId(nodeId, [...at, 'required'])}
          className="nc-switch"
          type="checkbox"
          role="switch"
          aria-label={`${label} required`}
          checked={row.required}
          onChange={(event) => edit((current) => setArgumentRequired(current, row.name, event.target.checked))}
        />
      </div>

      {row.extras.length > 0 ? (
        <p className="nc-arg-extras" data-testid="argument-extras">
          Also: {row.extras.map((extra, i) => <code key={i}>{extra}</code>)} <span className="nc-arg-muted">(edit in JSON)</span>
        </p>
      ) : null}

      {problems.length > 0 ? (
        <ul id={errorsId} className="nc-field-errors">
          {problems.map((problem, i) => {
            // What inside the argument the problem is about (`type`, `items.type`), when not the argument itself.
            const inside = problem.field.split(`.properties.${row.name}`)[1]?.replace(/^\./, '');
            return (
              <li key={i} className="form-error">
                {inside ? <code>{inside}</code> : null}
                {inside ? ': ' : null}
                {problem.message}
              </li>
            );
          })}
        </ul>
      ) : null}
    </fieldset>
  );
}

function placeholderFor(row: ArgumentRow): string {
  switch (row.type) {
    case 'number':
    case 'integer':
      return 'e.g. The amount the customer agreed to pay, in rupees';
    case 'boolean':
      return 'e.g. Whether the customer asked for a callback';
    case 'enum':
      return 'e.g. The delivery speed the customer chose';
    default:
      return 'What it is and where the agent gets it, e.g. The order number the customer reads out';
  }
}

/** The argument's name: renamed as typed while it is a new, usable name; otherwise says why and keeps the old one. */
function NameInput({ id, label, name, taken, describedBy, onRename }: { id: string; label: string; name: string; taken: readonly string[]; describedBy?: string; onRename(next: string): void }) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const problem =
    draft === ''
      ? 'Enter a name'
      : taken.includes(draft)
        ? `Another argument is called “${draft}”`
        : !ARGUMENT_NAME.test(draft)
          ? 'Letters, digits and _, not starting with a digit (snake_case reads best: order_id)'
          : null;
  const errorId = `${id}-name-error`;
  return (
    <div className="nc-arg-field">
      <label className="nc-arg-sublabel" htmlFor={id}>
        Name
      </label>
      <input
        id={id}
        type="text"
        className="nc-arg-name-input"
        aria-label={label}
        value={draft}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={[problem ? errorId : null, describedBy].filter(Boolean).join(' ') || undefined}
        onChange={(event) => {
          const next = event.target.value;
          setDraft(next);
          // Only a usable name is stored: a half-typed or taken one would be refused or overwrite another argument.
          if (next !== '' && !taken.includes(next) && ARGUMENT_NAME.test(next)) onRename(next);
        }}
        onBlur={() => setDraft(name)}
      />
      {problem ? (
        <p id={errorId} className="form-error">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
