import { ListControls, move } from './ListControls';
import { PartInput } from './PartInput';
import { newButton, retitle, type ButtonItem, type InteractiveLimits } from './interactive-message';

/**
 * Reply buttons: up to the limit (3), each a title with its live count and an id that follows
 * the title until it is edited (the id is what a "Wait for reply" branches on).
 */
export function InteractiveButtons({
  idBase,
  buttons,
  limits,
  errorsAt,
  onChange,
}: {
  idBase: string;
  buttons: ButtonItem[];
  limits: InteractiveLimits;
  errorsAt(field: string): string[];
  onChange(next: ButtonItem[]): void;
}) {
  const set = (index: number, next: ButtonItem) => onChange(buttons.map((button, i) => (i === index ? next : button)));
  const otherIds = (index: number) => buttons.filter((_, i) => i !== index).map((button) => button.id);
  const full = buttons.length >= limits.buttons;
  return (
    <div className="nc-interactive-part" data-testid="interactive-buttons">
      {buttons.length === 0 ? <p className="nc-empty-note">No buttons yet: add 1 to {limits.buttons}.</p> : null}
      {buttons.map((button, index) => (
        <fieldset key={index} className="nc-card" data-testid="interactive-button">
          <legend className="visually-hidden">{`Button ${index + 1}`}</legend>
          <div className="nc-card-header">
            <span className="nc-card-title">
              <span className="nc-index">{index + 1}</span>
              <span aria-hidden="true">Button</span>
            </span>
            <ListControls itemName={`button ${index + 1}`} index={index} count={buttons.length} onMove={(from, to) => onChange(move(buttons, from, to))} onRemove={() => onChange(buttons.filter((_, i) => i !== index))} />
          </div>
          <PartInput
            id={`${idBase}-${index}-title`}
            label={`Button ${index + 1} title`}
            value={button.title}
            max={limits.buttonTitle}
            errors={errorsAt(`buttons[${index}].title`)}
            placeholder="Yes"
            onChange={(title) => set(index, retitle(button, title, otherIds(index)))}
          />
          <PartInput
            id={`${idBase}-${index}-id`}
            label={`Button ${index + 1} id`}
            value={button.id}
            max={limits.buttonId}
            picker={false}
            errors={errorsAt(`buttons[${index}].id`)}
            placeholder="yes"
            onChange={(id) => set(index, { ...button, id })}
          />
        </fieldset>
      ))}
      {errorsAt('buttons').map((message, index) => (
        <p key={index} className="form-error">
          {message}
        </p>
      ))}
      <button type="button" className="button button-secondary nc-add" disabled={full} title={full ? `WhatsApp allows at most ${limits.buttons} reply buttons; use a list for more choices` : undefined} onClick={() => onChange([...buttons, newButton(buttons)])}>
        + Add button
      </button>
      {full ? <p className="hint">{`${limits.buttons} buttons is WhatsApp's most; for more choices, use a list.`}</p> : null}
    </div>
  );
}
