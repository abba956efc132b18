import { memo } from 'react';
import { iconPaths } from './icon-paths';

/** A line icon by name (see `icon-paths.ts`); decorative unless given a `label`. */
export const Icon = memo(function Icon({ name, size = 18, label, className }: { name: string; size?: number; label?: string; className?: string }) {
  return (
    <svg
      className={className ? `line-icon ${className}` : 'line-icon'}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      {iconPaths(name).map((d, index) => (
        <path key={index} d={d} />
      ))}
    </svg>
  );
});
