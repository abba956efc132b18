/** A run's or step's status as a colored badge (`succeeded`, `failed`, `waiting`…). */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{status}</span>;
}
