import { ListControls, move } from './ListControls';
import { PartInput } from './PartInput';
import { newRow, retitle, type InteractiveLimits, type ListRow, type ListSection, type ListValue } from './interactive-message';

/** A list message: the button that opens it, then sections of rows (id, title, description), within WhatsApp's limits. */
export function InteractiveList({
  idBase,
  list,
  limits,
  errorsAt,
  onChange,
}: {
  idBase: string;
  list: ListValue;
  limits: InteractiveLimits;
  errorsAt(field: string): string[];
  onChange(next: ListValue): void;
}) {
  const rowCount = list.sections.reduce((sum, section) => sum + section.rows.length, 0);
  const rowsFull = rowCount >= limits.rows;
  const allIds = list.sections.flatMap((section) => section.rows.map((row) => row.id));
  const setSection = (s: number, next: ListSection) => onChange({ ...list, sections: list.sections.map((section, i) => (i === s ? next : section)) });
  const setRow = (s: number, r: number, next: ListRow) => setSection(s, { ...list.sections[s]!, rows: list.sections[s]!.rows.map((row, i) => (i === r ? next : row)) });
  return (
    <div className="nc-interactive-part" data-testid="interactive-list">
      <PartInput id={`${idBase}-button`} label="List button" value={list.button} max={limits.listButton} errors={errorsAt('list.button')} placeholder="Choose a time" onChange={(button) => onChange({ ...list, button })} />
      <p className="hint">
        {rowCount} of {limits.rows} rows in all.
      </p>
      {[...errorsAt('list'), ...errorsAt('list.sections')].map((message, index) => (
        <p key={index} className="form-error">
          {message}
        </p>
      ))}
      {list.sections.map((section, s) => (
        <fieldset key={s} className="nc-card" data-testid="interactive-section">
          <legend className="visually-hidden">{`Section ${s + 1}`}</legend>
          <div className="nc-card-header">
            <span className="nc-card-title">
              <span className="nc-index">{s + 1}</span>
              <span aria-hidden="true">Section</span>
            </span>
            <ListControls
              itemName={`section ${s + 1}`}
              index={s}
              count={list.sections.length}
              canRemove={list.sections.length > 1}
              onMove={(from, to) => onChange({ ...list, sections: move(list.sections, from, to) })}
              onRemove={() => onChange({ ...list, sections: list.sections.filter((_, i) => i !== s) })}
            />
          </div>
          <PartInput
            id={`${idBase}-${s}-title`}
            label={`Section ${s + 1} title${list.sections.length > 1 ? '' : ' (optional)'}`}
            value={section.title ?? ''}
            max={limits.sectionTitle}
            errors={errorsAt(`list.sections[${s}].title`)}
            onChange={(title) => {
              const { title: _old, ...rest } = section;
              setSection(s, title === '' ? rest : { ...rest, title });
            }}
          />
          {errorsAt(`list.sections[${s}]`).map((message, index) => (
            <p key={index} className="form-error">
              {message}
            </p>
          ))}
          {section.rows.map((row, r) => {
            const field = `list.sections[${s}].rows[${r}]`;
            const others = allIds.filter((id) => id !== row.id);
            return (
              <div key={r} className="nc-row-card" data-testid="interactive-row">
                <div className="nc-card-header">
                  <span className="nc-card-title">Row {r + 1}</span>
                  <ListControls
                    itemName={`row ${r + 1} of section ${s + 1}`}
                    index={r}
                    count={section.rows.length}
                    onMove={(from, to) => setSection(s, { ...section, rows: move(section.rows, from, to) })}
                    onRemove={() => setSection(s, { ...section, rows: section.rows.filter((_, i) => i !== r) })}
                  />
                </div>
                <PartInput id={`${idBase}-${s}-${r}-title`} label={`Section ${s + 1} row ${r + 1} title`} value={row.title} max={limits.rowTitle} errors={errorsAt(`${field}.title`)} onChange={(title) => setRow(s, r, retitle(row, title, others))} />
                <PartInput id={`${idBase}-${s}-${r}-id`} label={`Section ${s + 1} row ${r + 1} id`} value={row.id} max={limits.rowId} picker={false} errors={errorsAt(`${field}.id`)} onChange={(id) => setRow(s, r, { ...row, id })} />
                <PartInput
                  id={`${idBase}-${s}-${r}-description`}
                  label={`Section ${s + 1} row ${r + 1} description (optional)`}
                  value={row.description ?? ''}
                  max={limits.rowDescription}
                  errors={errorsAt(`${field}.description`)}
                  onChange={(description) => {
                    const { description: _old, ...rest } = row;
                    setRow(s, r, description === '' ? rest : { ...rest, description });
                  }}
                />
              </div>
            );
          })}
          <button type="button" className="button button-ghost nc-add" disabled={rowsFull} onClick={() => setSection(s, { ...section, rows: [...section.rows, newRow(list)] })}>
            + Add row
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button-secondary nc-add"
        disabled={rowsFull || list.sections.length >= limits.sections}
        title={rowsFull ? `WhatsApp allows at most ${limits.rows} rows in all` : undefined}
        onClick={() => onChange({ ...list, sections: [...list.sections, { title: `Section ${list.sections.length + 1}`, rows: [newRow(list)] }] })}
      >
        + Add section
      </button>
    </div>
  );
}
