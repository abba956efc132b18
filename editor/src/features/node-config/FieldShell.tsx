import type { GraphProblem } from '@switchboard/shared';
import type { ReactNode } from 'react';

/** The attributes a control needs to be named and described by its shell. */
export interface ControlA11y {
  id: string;
  'aria-label'?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
  'aria-required'?: true;
}

interface FieldShellProps {
  id: string;
  label: string;
  required?: boolean;
  description?: string;
  /** Extra help under the description (a default, a format hint). */
  hint?: ReactNode;
  problems?: readonly GraphProblem[];
  /** Local problems the engine does not know yet (JSON that does not parse, a duplicate name). */
  localErrors?: readonly string[];
  /** A fieldset with a legend (radio groups, lists, cards) instead of a label for one control. */
  group?: boolean;
  /** The role of the group's fieldset (`radiogroup` for a segmented choice). */
  groupRole?: 'radiogroup';
  /** The label is for assistive technology only (a row of a list). */
  compact?: boolean;
  /** Controls drawn next to the label (a "Clear" link, a mode switch). */
  actions?: ReactNode;
  children(a11y: ControlA11y): ReactNode;
}

/**
 * A field's frame: its label (with a required marker that is not part of the accessible name),
 * the control, its description and the problems that name it, wired with aria-describedby.
 */
export function FieldShell({ id, label, required, description, hint, problems = [], localErrors = [], group, groupRole, compact, actions, children }: FieldShellProps) {
  const errors = [...problems.map((problem) => problem.message), ...localErrors];
  const describedBy = [!compact && (description || hint) ? `${id}-help` : null, errors.length > 0 ? `${id}-errors` : null].filter(Boolean).join(' ');
  const a11y: ControlA11y = {
    id,
    ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    ...(errors.length > 0 ? { 'aria-invalid': true as const } : {}),
    ...(required ? { 'aria-required': true as const } : {}),
  };
  const labelContent = (
    <>
      {label}
      {required ? (
        <span className="nc-required" aria-hidden="true">
          {' '}
          *
        </span>
      ) : null}
    </>
  );
  const help =
    !compact && (description || hint) ? (
      <div id={`${id}-help`} className="hint nc-help">
        {description ? <p>{description}</p> : null}
        {hint ? <p>{hint}</p> : null}
      </div>
    ) : null;
  const errorList =
    errors.length > 0 ? (
      <ul id={`${id}-errors`} className="nc-field-errors">
        {errors.map((message, index) => (
          <li key={index} className="form-error">
            {message}
          </li>
        ))}
      </ul>
    ) : null;

  if (group) {
    return (
      <fieldset className={`nc-field nc-group${compact ? ' nc-compact' : ''}`} role={groupRole} aria-describedby={describedBy || undefined} aria-required={groupRole && required ? true : undefined}>
        <legend className={compact ? 'visually-hidden' : 'nc-legend'}>{labelContent}</legend>
        {actions && !compact ? <div className="nc-group-actions">{actions}</div> : null}
        {help}
        {children(a11y)}
        {errorList}
      </fieldset>
    );
  }
  return (
    <div className={`nc-field${compact ? ' nc-compact' : ''}`}>
      <div className={compact ? 'visually-hidden' : 'nc-label-row'}>
        {/* The marker stays outside the label, so the control's name is exactly the label. */}
        <span className="nc-label-text">
          <label htmlFor={id}>{label}</label>
          {required ? (
            <span className="nc-required" aria-hidden="true" title="Required">
              {' '}
              *
            </span>
          ) : null}
        </span>
        {actions && !compact ? actions : null}
      </div>
      {children(a11y)}
      {help}
      {errorList}
    </div>
  );
}
