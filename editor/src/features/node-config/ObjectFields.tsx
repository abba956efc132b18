import type { Path } from './field-paths';
import { Field } from './Field';
import type { ObjectModel } from './schema-model';

/** The fields of an object, in schema order, skipping those another field's widget draws. */
export function ObjectFields({ model, path, value, onChange }: { model: ObjectModel; path: Path; value: Record<string, unknown>; onChange(next: Record<string, unknown>): void }) {
  const patch = (changes: Record<string, unknown>) => {
    const next = { ...value };
    for (const [key, change] of Object.entries(changes)) {
      if (change === undefined) delete next[key];
      else next[key] = change;
    }
    onChange(next);
  };
  return (
    <>
      {model.fields
        .filter((field) => !field.claimedBy)
        .map((field) => (
          <Field key={field.name} model={field} path={[...path, field.name]} value={value[field.name]} onChange={(next) => patch({ [field.name]: next })} siblings={{ value, patch }} />
        ))}
    </>
  );
}
