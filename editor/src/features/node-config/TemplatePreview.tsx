import type { TemplateView } from '../../api/types';
import { Button } from '../../ui/Button';
import { domId, problemsAt, type Path } from './field-paths';
import { useForm } from './form-context';
import { TemplateBody } from './TemplateBody';
import { emptyPlaceholders, fitParameters, parameterMismatch, parameterRows, setParameter } from './template-parameters';
import { shapeOf, titleCase } from './template-view';
import { TemplateInput } from './TemplateInput';
import { useMemo } from 'react';
import { describe } from '../../store/catalog-store';
import { useFlowEditor } from '../../store/flow-store';
import { sampleEventFor } from '../flows/flow-page-json';
import { previewText, sampleValues } from './sample-preview';

/** The chosen template's body with its placeholders highlighted, and one mapping row per placeholder. */
export function TemplatePreview({ template, parameters, parametersPath, onParameters }: { template: TemplateView; parameters: unknown; parametersPath: Path | null; onParameters(next: unknown): void }) {
  const form = useForm();
  const shape = shapeOf(template);
  const rows = parameterRows(parameters, shape);
  const mismatch = parameterMismatch(parameters ?? [], shape);
  const empty = emptyPlaceholders(parameters, shape);
  const listProblems = parametersPath ? problemsAt(form.problems, parametersPath) : [];
  return (
    <section className="nc-template-preview" aria-label={`Template ${template.name}`}>
      <div className="nc-template-meta">
        <span className="badge badge-approved">{template.status.toLowerCase()}</span>
        {template.category ? <span className="badge">{titleCase(template.category)}</span> : null}
        <span className="badge">{template.language}</span>
        <span className="badge">{template.parameterFormat === 'named' ? 'named placeholders' : 'numbered placeholders'}</span>
      </div>
      {template.body ? <TemplateBody body={template.body} values={Object.fromEntries(rows.map((row) => [row.placeholder, row.value]))} /> : <p className="hint">This template has no text body.</p>}
      {template.body && rows.some((row) => row.value) ? <SamplePreview body={template.body} rows={rows} /> : null}
      {rows.length > 0 ? (
        <fieldset className="nc-group nc-mapping">
          <legend className="nc-legend">Fill in the placeholders</legend>
          {rows.map((row, index) => {
            const rowPath = parametersPath ? [...parametersPath, shape.parameterFormat === 'named' ? row.placeholder : index] : [];
            const rowId = domId(form.nodeId, rowPath);
            const problems = parametersPath ? problemsAt(form.problems, rowPath) : [];
            return (
              <div key={row.placeholder} className="nc-mapping-row">
                <label htmlFor={rowId} className="nc-placeholder-label">
                  <span className="visually-hidden">Parameter </span>
                  <span className="nc-placeholder">{`{{${row.placeholder}}}`}</span>
                </label>
                <span className="nc-arrow" aria-hidden="true">
                  →
                </span>
                <TemplateInput
                  a11y={{ id: rowId, ...(problems.length > 0 ? { 'aria-invalid': true } : {}) }}
                  label={`Parameter {{${row.placeholder}}}`}
                  value={row.value}
                  placeholder="Pick a variable or type a value"
                  onChange={(text) => onParameters(setParameter(parameters, shape, row.placeholder, text))}
                />
                {problems.map((problem, i) => (
                  <p key={i} className="form-error nc-mapping-error">
                    {problem.message}
                  </p>
                ))}
              </div>
            );
          })}
        </fieldset>
      ) : (
        <p className="hint">This template has no placeholders.</p>
      )}
      {listProblems.map((problem, index) => (
        <p key={index} className="form-error">
          {problem.message}
        </p>
      ))}
      {mismatch ? (
        <div className="nc-warning-box" role="status">
          <p>{mismatch} Sending would fail with TEMPLATE_PARAMS_MISMATCH.</p>
          <Button onClick={() => onParameters(fitParameters(parameters, shape))}>Fit the values to the template</Button>
        </div>
      ) : empty.length > 0 ? (
        <p className="hint">
          {empty.map((placeholder) => `{{${placeholder}}}`).join(', ')} {empty.length === 1 ? 'is' : 'are'} empty: the message will show a blank there.
        </p>
      ) : null}
    </section>
  );
}

/** The message as the customer would read it with the trigger's sample event: what the mapping above produces. */
function SamplePreview({ body, rows }: { body: string; rows: ReadonlyArray<{ placeholder: string; value: string }> }) {
  const graph = useFlowEditor((state) => state.graph);
  const text = useMemo(() => {
    const values = sampleValues(Object.fromEntries(rows.map((row) => [row.placeholder, row.value])), graph, describe, sampleEventFor(graph, describe));
    return previewText(body, values);
  }, [body, rows, graph]);
  return (
    <div className="nc-sample-preview" data-testid="template-sample-preview">
      <span className="nc-legend">With the sample event</span>
      <p>{text}</p>
    </div>
  );
}
