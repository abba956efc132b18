import { useRef } from 'react';
import type { InteractiveMessage } from '../../api/types';
import { InteractiveContent } from '../conversations/InteractiveContent';
import { domId, problemsAt, problemField } from './field-paths';
import { FieldShell } from './FieldShell';
import { useForm, type FieldProps } from './form-context';
import { InteractiveButtons } from './InteractiveButtons';
import { InteractiveList } from './InteractiveList';
import { PartInput } from './PartInput';
import { buttonProblems, buttonsOf, ctaOf, ctaProblems, limitsFrom, listOf, listProblems, modeOf, switchMode, type InteractiveMode } from './interactive-message';
import type { WhatsAppInteractiveModel } from './schema-model';

const MODES: ReadonlyArray<{ value: InteractiveMode; label: string }> = [
  { value: 'buttons', label: 'Buttons' },
  { value: 'list', label: 'List' },
  { value: 'cta', label: 'Link button' },
];

/**
 * What the customer can tap (`x-widget: whatsapp-interactive`): reply buttons, a list or a link
 * button, one at a time (the node takes exactly one), each with its own editor and WhatsApp's
 * limits counted as it is typed; then a preview of the message as the phone shows it. Switching
 * keeps what the other kinds held while the panel is open.
 */
export function InteractiveField({ model, path, value, siblings }: FieldProps<WhatsAppInteractiveModel>) {
  const form = useForm();
  const id = domId(form.nodeId, path);
  const parent = path.slice(0, -1);
  const fields = siblings?.value ?? { [model.name]: value };
  const patch = siblings?.patch ?? (() => undefined);
  const limits = limitsFrom(model.limits);
  const config = { buttons: fields[model.name], list: fields[model.listField], cta: fields[model.ctaField] };
  const mode = modeOf(config);
  const kept = useRef<Partial<Record<InteractiveMode, unknown>>>({});

  const buttons = buttonsOf(config.buttons);
  const list = listOf(config.list);
  const cta = ctaOf(config.cta);
  const local = mode === 'buttons' ? (config.buttons === undefined ? [] : buttonProblems(buttons, limits)) : mode === 'list' ? listProblems(list, limits) : ctaProblems(cta, limits);
  // The engine's problems of these fields, by the part they name (below `config.`), then the widget's own.
  const engine = [model.name, model.listField, model.ctaField].flatMap((name) => problemsAt(form.problems, [...parent, name], { deep: true }));
  const prefix = problemField(parent);
  const errorsAt = (field: string) => {
    const own = local.filter((problem) => problem.field === field).map((problem) => problem.message);
    const named = engine.filter((problem) => problem.field === `${prefix}.${field}`).map((problem) => problem.message);
    return [...new Set([...named, ...own])];
  };

  const choose = (next: InteractiveMode) => {
    if (next === mode) return;
    kept.current = { ...kept.current, [mode]: mode === 'buttons' ? config.buttons : mode === 'list' ? config.list : config.cta };
    const changes = switchMode(next, kept.current);
    patch({ [model.name]: changes.buttons, [model.listField]: changes.list, [model.ctaField]: changes.cta });
  };

  const preview: InteractiveMessage = {
    ...(typeof fields.header === 'string' && fields.header ? { header: fields.header } : {}),
    body: typeof fields.body === 'string' && fields.body ? fields.body : 'Your message',
    ...(typeof fields.footer === 'string' && fields.footer ? { footer: fields.footer } : {}),
    ...(mode === 'buttons' ? { buttons: buttons.map((button, index) => ({ id: button.id || `#${index}`, title: button.title || `Button ${index + 1}` })) } : {}),
    ...(mode === 'list' ? { list } : {}),
    ...(mode === 'cta' ? { cta } : {}),
  };
  const other = engine.filter((problem) => ![model.name, model.listField, model.ctaField].some((name) => problem.field.startsWith(`${prefix}.${name}`)));

  return (
    <FieldShell id={`${id}-group`} label="What the customer can tap" group description="Reply buttons (up to 3), a list of up to 10 choices, or a button that opens a link." problems={other}>
      {() => (
        <div className="nc-interactive" data-testid="interactive-editor" data-mode={mode}>
          <div className="segmented nc-interactive-mode" role="radiogroup" aria-label="Message kind">
            {MODES.map((option) => (
              <label key={option.value} className={mode === option.value ? 'is-selected' : undefined}>
                <input type="radio" name={`${id}-mode`} value={option.value} checked={mode === option.value} onChange={() => choose(option.value)} />
                {option.label}
              </label>
            ))}
          </div>
          {mode === 'buttons' ? (
            <InteractiveButtons idBase={`${id}-button`} buttons={buttons} limits={limits} errorsAt={errorsAt} onChange={(next) => patch({ [model.name]: next })} />
          ) : mode === 'list' ? (
            <InteractiveList idBase={`${id}-list`} list={list} limits={limits} errorsAt={errorsAt} onChange={(next) => patch({ [model.listField]: next })} />
          ) : (
            <div className="nc-interactive-part" data-testid="interactive-cta">
              <PartInput id={`${id}-cta-text`} label="Link button text" value={cta.text} max={limits.ctaText} errors={errorsAt('cta.text')} placeholder="Pay now" onChange={(text) => patch({ [model.ctaField]: { ...cta, text } })} />
              <PartInput id={`${id}-cta-url`} label="Link URL" value={cta.url} errors={errorsAt('cta.url')} placeholder="https://example.com/pay/{{trigger.order}}" onChange={(url) => patch({ [model.ctaField]: { ...cta, url } })} />
            </div>
          )}
          <div className="nc-interactive-preview" aria-label="Preview" role="figure">
            <span className="nc-interactive-preview-label">Preview</span>
            <div className="msg msg-start msg-outbound">
              <div className="msg-bubble">
                <InteractiveContent message={preview} />
              </div>
            </div>
          </div>
        </div>
      )}
    </FieldShell>
  );
}
