import { useEffect, useState } from 'react';
import { domId, problemsAt, type Path } from './field-paths';
import { FieldShell } from './FieldShell';
import { useConnections } from './connections-store';
import { Field } from './Field';
import { useForm, type FieldProps } from './form-context';
import { ParameterList } from './ParameterList';
import type { WhatsAppTemplateModel } from './schema-model';
import { fitParameters } from './template-parameters';
import { shapeOf, titleCase } from './template-view';
import { TemplatePreview } from './TemplatePreview';
import { TemplateInput } from './TemplateInput';

/**
 * The WhatsApp template picker (`x-widget: whatsapp-template`): once a sender is chosen, its
 * approved templates; choosing one fills in the template and its language, shows the body with
 * its placeholders and one mapping row per placeholder (a list for `{{1}}`…, an object for named
 * ones). AiSensy Basic cannot list templates: then the campaign name is typed.
 */
export function TemplatePickerField({ model, path, value, onChange, siblings }: FieldProps<WhatsAppTemplateModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const parent: Path = path.slice(0, -1);
  const fields = siblings?.value ?? {};
  const patch = siblings?.patch ?? ((changes: Record<string, unknown>) => onChange(changes[model.name]));
  const connectionId = typeof fields[model.connectionField] === 'string' ? (fields[model.connectionField] as string) : '';
  const name = typeof value === 'string' ? value : '';
  const languageDefault = typeof model.language?.default === 'string' ? model.language.default : '';
  const language = model.languageField && typeof fields[model.languageField] === 'string' ? (fields[model.languageField] as string) : languageDefault;
  const parameters = model.parametersField ? (fields[model.parametersField] ?? model.parameters?.default) : undefined;

  const entry = useConnections((state) => (connectionId ? state.templates[connectionId] : undefined));
  const loadTemplates = useConnections((state) => state.loadTemplates);
  const syncTemplates = useConnections((state) => state.syncTemplates);
  const [manual, setManual] = useState(false);
  useEffect(() => {
    if (connectionId) void loadTemplates(connectionId);
  }, [connectionId, loadTemplates]);

  const listing = entry?.data;
  const templates = listing?.listable ? listing.templates : [];
  const names = [...new Set(templates.map((template) => template.name))].sort();
  const languages = templates.filter((template) => template.name === name).map((template) => template.language);
  const chosen = templates.find((template) => template.name === name && template.language === language) ?? templates.find((template) => template.name === name);
  // While the sender's list loads, a disabled select holds the place (not a text box that turns into one).
  const loadingList = connectionId !== '' && !listing && entry?.status !== 'error';
  const picking = connectionId !== '' && (listing?.listable === true || loadingList) && !manual && !name.includes('{{');
  const problems = problemsAt(form.problems, path);
  const languagePath = model.languageField ? [...parent, model.languageField] : null;
  const parametersPath = model.parametersField ? [...parent, model.parametersField] : null;

  const choose = (templateName: string) => {
    const options = templates.filter((template) => template.name === templateName);
    const template = options.find((candidate) => candidate.language === language) ?? options[0];
    if (!template) return patch({ [model.name]: templateName });
    patch({
      [model.name]: template.name,
      ...(model.languageField ? { [model.languageField]: template.language } : {}),
      ...(model.parametersField ? { [model.parametersField]: fitParameters(parameters, shapeOf(template)) } : {}),
    });
  };

  const chooseLanguage = (code: string) => {
    const template = templates.find((candidate) => candidate.name === name && candidate.language === code);
    patch({
      ...(model.languageField ? { [model.languageField]: code } : {}),
      ...(template && model.parametersField ? { [model.parametersField]: fitParameters(parameters, shapeOf(template)) } : {}),
    });
  };


  const status = (
    <>
      {entry?.status === 'loading' ? (
        <p className="hint" role="status">
          <span className="spinner" aria-hidden="true" /> Loading the sender’s templates…
        </p>
      ) : null}
      {entry?.status === 'error' ? (
        <p className="form-error" role="alert">
          The templates could not be loaded: {entry.error}{' '}
          <button type="button" className="link-button" onClick={() => void loadTemplates(connectionId, { force: true })}>
            Try again
          </button>
        </p>
      ) : null}
      {entry?.syncError ? (
        <p className="form-error" role="alert">
          Sync failed: {entry.syncError}
        </p>
      ) : null}
      {entry?.synced !== undefined && !entry.syncing ? (
        <p className="hint" role="status">
          Synced: {entry.synced} template{entry.synced === 1 ? '' : 's'} found, {templates.length} approved.
        </p>
      ) : null}
    </>
  );

  const hint = !connectionId
    ? 'Choose a sender above to pick one of its approved templates.'
    : listing?.listable === false
      ? (listing.note ?? 'This sender cannot list its templates: type the campaign name.')
      : undefined;

  const actions = connectionId ? (
    <span className="nc-inline-actions">
      {listing?.listable ? (
        <button type="button" className="link-button small" onClick={() => setManual(!manual)}>
          {picking ? 'Type a name' : 'Pick from the list'}
        </button>
      ) : null}
      {listing?.listable !== false ? (
        <button type="button" className="link-button small nc-sync-link" aria-label="Sync templates" aria-busy={entry?.syncing || undefined} disabled={entry?.syncing} onClick={() => void syncTemplates(connectionId)}>
          {entry?.syncing ? 'Syncing…' : '↻ Sync templates'}
        </button>
      ) : null}
    </span>
  ) : null;

  return (
    <div className="nc-template">
      <FieldShell id={id} label={model.label} required={model.required} description={model.description} hint={hint} problems={problems} actions={actions}>
        {(a11y) =>
          picking ? (
            <div className="nc-input-row">
              <select {...a11y} value={loadingList ? '' : name} disabled={loadingList} aria-busy={loadingList || undefined} onChange={(event) => choose(event.target.value)}>
                <option value="">{loadingList ? 'Loading templates…' : names.length === 0 ? 'No approved templates' : 'Choose a template…'}</option>
                {names.map((templateName) => {
                  const variants = templates.filter((template) => template.name === templateName);
                  const category = variants[0].category ? ` · ${titleCase(variants[0].category)}` : '';
                  return (
                    <option key={templateName} value={templateName}>
                      {templateName} ({variants.map((variant) => variant.language).join(', ')}){category}
                    </option>
                  );
                })}
                {name !== '' && !names.includes(name) && !loadingList ? <option value={name}>{name} (not approved for this sender)</option> : null}
              </select>
            </div>
          ) : (
            <div className="nc-input-row">
              <TemplateInput a11y={a11y} label={model.label} value={name} placeholder={listing?.listable === false ? 'Campaign name' : 'Template name, e.g. appointment_confirmation'} onChange={(text) => onChange(text)} />
            </div>
          )
        }
      </FieldShell>
      {status}
      {picking && names.length === 0 && entry?.status === 'ready' ? (
        <p className="nc-empty-callout">This sender has no approved templates. Create one with your provider, then sync.</p>
      ) : null}
      {picking && name !== '' && !chosen && entry?.status === 'ready' ? (
        <p className="nc-warning small">“{name}” is not an approved template of this sender: sending fails with TEMPLATE_NOT_FOUND. Choose another or sync.</p>
      ) : null}

      {model.languageField && languagePath ? (
        picking && chosen ? (
          <FieldShell id={domId(form.nodeId, languagePath)} label={model.language?.label ?? 'Language'} problems={problemsAt(form.problems, languagePath)}>
            {(a11y) => (
              <select {...a11y} value={language} onChange={(event) => chooseLanguage(event.target.value)}>
                {languages.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
                {!languages.includes(language) ? <option value={language}>{language || '(none)'} (not available)</option> : null}
              </select>
            )}
          </FieldShell>
        ) : model.language ? (
          <Field model={model.language} path={languagePath} value={fields[model.languageField]} onChange={(next) => patch({ [model.languageField!]: next })} />
        ) : null
      ) : null}

      {picking && chosen ? (
        <TemplatePreview template={chosen} parameters={parameters} parametersPath={parametersPath} onParameters={(next) => model.parametersField && patch({ [model.parametersField]: next })} />
      ) : model.parameters && parametersPath ? (
        Array.isArray(parameters) || parameters === undefined ? (
          <ParameterList path={parametersPath} values={Array.isArray(parameters) ? parameters : []} description={model.parameters.description} onChange={(next) => patch({ [model.parametersField!]: next })} />
        ) : (
          <Field model={model.parameters} path={parametersPath} value={parameters} onChange={(next) => patch({ [model.parametersField!]: next })} />
        )
      ) : null}
    </div>
  );
}
