/** `no_answer` → `No answer`, `outbound` → `Outbound`; undefined for nothing to say. */
export function humanize(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const words = value.replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words === '' ? undefined : words[0].toUpperCase() + words.slice(1);
}
