import { useMemo, useState } from 'react';
import { TEMPLATE_BUTTON_TYPES, TEMPLATE_CATEGORIES, TEMPLATE_HEADER_FORMATS, TEMPLATE_LIMITS, type TemplateView } from '@switchboard/shared';
import { api, ApiError, errorMessage } from '../../api/client';
import type { ConnectionView } from '../../api/types';
import { Button } from '../../ui/Button';
import { EMPTY_DRAFT, detectedParameters, draftProblems, fieldOfApi, headerHasParameter, toRequest, type ButtonDraft, type TemplateDraft } from './template-form';
import { TemplatePreviewCard } from './TemplatePreviewCard';

/**
 * The "New template" form: every part Meta reviews, an example input for each parameter the
 * body has, and a live preview. Problems show on their field once the person tried to submit
 * (the engine's own rules, checked here first); the API's answer is mapped onto the same fields.
 */
export function NewTemplateForm({ connection, onCreated, onCancel }: { connection: ConnectionView; onCreated(template: TemplateView): void; onCancel(): void }) {
  const [draft, setDraft] = useState<TemplateDraft>(EMPTY_DRAFT);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const problems = useMemo(() => (tried ? { ...draftProblems(draft), ...serverProblems } : {}), [draft, tried, serverProblems]);
  const parameters = detectedParameters(draft);

  const change = (patch: Partial<TemplateDraft>) => {
    setServerProblems({});
    setDraft((current) => ({ ...current, ...patch }));
  };
  const changeButton = (index: number, patch: Partial<ButtonDraft>) => change({ buttons: draft.buttons.map((button, at) => (at === index ? { ...button, ...patch } : button)) });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setTried(true);
    setGeneral(null);
    if (Object.keys(draftProblems(draft)).length > 0) return;
    setBusy(true);
    try {
      const created = await api.post(`/api/connections/${connection.id}/templates`, toRequest(draft));
      onCreated(created.template);
    } catch (error) {
      const details = error instanceof ApiError && Array.isArray(error.details) ? (error.details as Array<{ field?: string; message: string }>) : [];
      if (details.length > 0) setServerProblems(Object.fromEntries(details.map((detail) => [fieldOfApi(detail.field ?? 'form', draft), detail.message])));
      else setGeneral(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const field = (id: string, label: string, input: React.ReactNode, hint?: string) => (
    <div className="field">
      <label htmlFor={`tpl-${id}`}>{label}</label>
      {input}
      {problems[id] ? (
        <span className="form-error" id={`tpl-${id}-error`} role="alert">
          {problems[id]}
        </span>
      ) : hint ? (
        <span className="hint">{hint}</span>
      ) : null}
    </div>
  );
  const invalid = (id: string) => (problems[id] ? { 'aria-invalid': true, 'aria-describedby': `tpl-${id}-error` } : {});

  return (
    <form className="tpl-form" onSubmit={(event) => void submit(event)} noValidate aria-label="New template">
      <div className="tpl-form-fields">
        {field('name', 'Name', <input id="tpl-name" value={draft.name} onChange={(event) => change({ name: event.target.value })} placeholder="order_update" spellCheck={false} {...invalid('name')} />, 'Lowercase letters, digits and underscores.')}
        <div className="tpl-form-row">
          {field(
            'category',
            'Category',
            <select id="tpl-category" value={draft.category} onChange={(event) => change({ category: event.target.value as TemplateDraft['category'] })}>
              {TEMPLATE_CATEGORIES.map((category) => (
                <option key={category} value={category}>
                  {category.toLowerCase()}
                </option>
              ))}
            </select>,
          )}
          {field('language', 'Language', <input id="tpl-language" value={draft.language} onChange={(event) => change({ language: event.target.value })} placeholder="en_US" {...invalid('language')} />)}
          {field(
            'parameterFormat',
            'Parameters',
            <select id="tpl-parameterFormat" value={draft.parameterFormat} onChange={(event) => change({ parameterFormat: event.target.value as TemplateDraft['parameterFormat'] })}>
              <option value="positional">numbered — {'{{1}}'}</option>
              <option value="named">named — {'{{first_name}}'}</option>
            </select>,
          )}
        </div>
        {field(
          'header',
          'Header',
          <select id="tpl-header" value={draft.header} onChange={(event) => change({ header: event.target.value as TemplateDraft['header'] })}>
            <option value="NONE">none</option>
            {TEMPLATE_HEADER_FORMATS.map((format) => (
              <option key={format} value={format}>
                {format.toLowerCase()}
              </option>
            ))}
          </select>,
        )}
        {draft.header === 'TEXT'
          ? field('header.text', 'Header text', <input id="tpl-header.text" value={draft.headerText} maxLength={TEMPLATE_LIMITS.headerText} onChange={(event) => change({ headerText: event.target.value })} {...invalid('header.text')} />, 'At most one parameter.')
          : null}
        {draft.header !== 'NONE' && (draft.header !== 'TEXT' || headerHasParameter(draft))
          ? field(
              'header.example',
              draft.header === 'TEXT' ? 'Header example' : 'Example media',
              <input id="tpl-header.example" value={draft.headerExample} onChange={(event) => change({ headerExample: event.target.value })} placeholder={draft.header === 'TEXT' ? '' : 'https://…'} {...invalid('header.example')} />,
            )
          : null}
        {field(
          'body',
          `Body (${draft.body.length}/${TEMPLATE_LIMITS.body})`,
          <textarea id="tpl-body" rows={5} value={draft.body} onChange={(event) => change({ body: event.target.value })} placeholder={draft.parameterFormat === 'named' ? 'Hi {{first_name}}, …' : 'Hi {{1}}, your order {{2}} …'} {...invalid('body')} />,
        )}
        {problems.bodyExamples ? <p className="form-error">{problems.bodyExamples}</p> : null}
        {parameters.length > 0 ? (
          <fieldset className="tpl-examples">
            <legend>Examples (Meta reviews the template with them)</legend>
            {parameters.map((parameter) =>
              field(
                `example:${parameter}`,
                `{{${parameter}}}`,
                <input id={`tpl-example:${parameter}`} value={draft.examples[parameter] ?? ''} onChange={(event) => change({ examples: { ...draft.examples, [parameter]: event.target.value } })} {...invalid(`example:${parameter}`)} />,
              ),
            )}
          </fieldset>
        ) : null}
        {field('footer', 'Footer (optional)', <input id="tpl-footer" value={draft.footer} onChange={(event) => change({ footer: event.target.value })} {...invalid('footer')} />)}
        <fieldset className="tpl-buttons">
          <legend>Buttons (optional)</legend>
          {problems.buttons ? <p className="form-error">{problems.buttons}</p> : null}
          {draft.buttons.map((button, index) => (
            <div className="tpl-button-row" key={index}>
              <select aria-label={`Button ${index + 1} type`} value={button.type} onChange={(event) => changeButton(index, { type: event.target.value as ButtonDraft['type'] })}>
                {TEMPLATE_BUTTON_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type === 'QUICK_REPLY' ? 'quick reply' : type === 'URL' ? 'link' : 'phone call'}
                  </option>
                ))}
              </select>
              <input aria-label={`Button ${index + 1} text`} value={button.text} maxLength={TEMPLATE_LIMITS.buttonText} onChange={(event) => changeButton(index, { text: event.target.value })} placeholder="Label" />
              {button.type === 'URL' ? <input aria-label={`Button ${index + 1} URL`} value={button.url} onChange={(event) => changeButton(index, { url: event.target.value })} placeholder="https://…" /> : null}
              {button.type === 'PHONE_NUMBER' ? (
                <input aria-label={`Button ${index + 1} phone number`} value={button.phoneNumber} onChange={(event) => changeButton(index, { phoneNumber: event.target.value })} placeholder="+14155550123" />
              ) : null}
              <Button onClick={() => change({ buttons: draft.buttons.filter((_, at) => at !== index) })} aria-label={`Remove button ${index + 1}`}>
                Remove
              </Button>
              {['text', 'url', 'phoneNumber'].map((part) =>
                problems[`button:${index}:${part}`] ? (
                  <span className="form-error" key={part}>
                    {problems[`button:${index}:${part}`]}
                  </span>
                ) : null,
              )}
            </div>
          ))}
          {draft.buttons.length < TEMPLATE_LIMITS.buttons ? (
            <Button onClick={() => change({ buttons: [...draft.buttons, { type: 'QUICK_REPLY', text: '', url: '', phoneNumber: '' }] })}>Add a button</Button>
          ) : null}
        </fieldset>
        {general ? (
          <p className="form-error" role="alert">
            {general}
          </p>
        ) : null}
        <div className="tpl-form-actions">
          <Button onClick={onCancel}>Cancel</Button>
          <Button variant="primary" type="submit" busy={busy}>
            Submit for review
          </Button>
        </div>
      </div>
      <TemplatePreviewCard draft={draft} />
    </form>
  );
}
