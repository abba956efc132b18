/** A small radio group drawn as a segmented control (the Inbox's and the Conversations' filters). */
export function Segmented<T extends string>({ label, name, value, options, onChange }: { label: string; name: string; value: T; options: ReadonlyArray<{ value: T; label: string }>; onChange(value: NoInfer<T>): void }) {
  return (
    <div className="segmented" role="radiogroup" aria-label={label}>
      {options.map((option) => (
        <label key={option.value} className={value === option.value ? 'is-selected' : undefined}>
          <input type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </div>
  );
}
