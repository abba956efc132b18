import { Fragment } from 'react';
import type { TallyPart } from './loop-iterations';

/** A loop's tally, "100 items · 97 succeeded · 3 failed", with the failures standing out. */
export function LoopTally({ parts }: { parts: readonly TallyPart[] }) {
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? ' · ' : ''}
          {part.failed ? <strong className="step-loop-failed">{part.text}</strong> : part.text}
        </Fragment>
      ))}
    </>
  );
}
