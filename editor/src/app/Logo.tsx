/** Three connected nodes: a trigger fanning out to two actions. Decorative. */
export function Logo({ size = 40 }: { size?: number }) {
  return (
    <svg className="logo" width={size} height={size} viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      <rect width="40" height="40" rx="10" fill="var(--accent)" />
      <path d="M13 20h5c3 0 3-7 6-7h3M18 20c3 0 3 7 6 7h3" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
      <circle cx="11" cy="20" r="3.2" fill="#fff" />
      <circle cx="29" cy="13" r="3.2" fill="#fff" />
      <circle cx="29" cy="27" r="3.2" fill="#fff" />
    </svg>
  );
}
