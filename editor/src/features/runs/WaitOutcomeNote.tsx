import { RelativeTime } from './RelativeTime';
import { dayAwareTime, relativeTime } from './time-format';
import { useNow } from './use-now';
import { minutesInWords, type WaitOutcome } from './wait-outcome';

/**
 * A wait-for-reply step's state in words: whom it waits for and until when, the reply it got, or
 * that it timed out. `detail` is the opened step's fuller version (the whole reply, the deadline).
 */
export function WaitOutcomeNote({ outcome, detail = false }: { outcome: WaitOutcome; detail?: boolean }) {
  // A waiting step's "in 58 min" counts down.
  useNow(outcome.kind === 'waiting' ? 15_000 : 3_600_000);
  const from = outcome.from ?? 'the customer';
  if (!detail) {
    return (
      <p className={`step-wait-line step-wait-${outcome.kind}`} data-testid="wait-outcome" data-outcome={outcome.kind}>
        {outcome.kind === 'waiting' ? (
          <>
            Waiting for a reply from <strong>{from}</strong>
            {outcome.until ? ` until ${dayAwareTime(outcome.until)} (${relativeTime(outcome.until)})` : ''}
          </>
        ) : outcome.kind === 'replied' ? (
          <>
            <strong>Replied:</strong> <q>{outcome.text ?? '(no text)'}</q>
          </>
        ) : (
          <>
            <strong>No reply</strong> from {from}
            {outcome.timeoutMinutes !== null ? ` within ${minutesInWords(outcome.timeoutMinutes)}` : ''}: took the timeout path
          </>
        )}
      </p>
    );
  }
  if (outcome.kind === 'waiting') {
    return (
      <div className="wait-detail wait-detail-waiting" data-testid="wait-outcome" data-outcome="waiting">
        <p>
          Waiting for a WhatsApp reply from <strong>{from}</strong>. Their next message to this sender continues the run on <code>replied</code>
          {outcome.until ? (
            <>
              ; without one it goes on <code>timeout</code> at <strong>{dayAwareTime(outcome.until)}</strong> ({relativeTime(outcome.until)})
            </>
          ) : null}
          .
        </p>
        {outcome.timeoutMinutes !== null ? <p className="muted small">Timeout: {minutesInWords(outcome.timeoutMinutes)} after the step started.</p> : null}
      </div>
    );
  }
  if (outcome.kind === 'replied') {
    return (
      <div className="wait-detail wait-detail-replied" data-testid="wait-outcome" data-outcome="replied">
        <p className="wait-detail-head">
          <strong>Replied</strong> — took the <code>replied</code> path
        </p>
        <blockquote className="wait-reply" data-testid="wait-reply-text">
          {outcome.text ?? <span className="muted">(a message without text)</span>}
        </blockquote>
        <p className="muted small">
          From {outcome.name ? `${outcome.name} (${from})` : from}
          {outcome.at ? (
            <>
              , <RelativeTime iso={outcome.at} />
            </>
          ) : null}
        </p>
      </div>
    );
  }
  return (
    <div className="wait-detail wait-detail-timeout" data-testid="wait-outcome" data-outcome="timeout">
      <p>
        <strong>No reply</strong> from {from}
        {outcome.timeoutMinutes !== null ? ` within ${minutesInWords(outcome.timeoutMinutes)}` : ''}: took the <code>timeout</code> path.
      </p>
    </div>
  );
}
