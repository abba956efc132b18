import type { CustomerErasureView } from '../../api/types';

/** The erasure route of one customer; the `+` of an E.164 number is encoded so no server reads it as a space. */
export function erasePath(phone: string): `/api/contacts/${string}` {
  return `/api/contacts/${encodeURIComponent(phone)}`;
}

function counted(count: number, one: string, many = `${one}s`): string | null {
  return count > 0 ? `${count} ${count === 1 ? one : many}` : null;
}

function list(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * What an erasure did, in a sentence or two for the person who asked for it.
 *
 * @example erasureSummary({ phone: '+14155550101', erased: { messages: 3, conversations: 1, … }, optOutKept: false })
 * // 'Erased 3 messages and 1 conversation of +14155550101.'
 */
export function erasureSummary(result: CustomerErasureView): string {
  const { erased } = result;
  const parts = [
    counted(erased.messages, 'message'),
    counted(erased.conversations, 'conversation'),
    counted(erased.runs, 'run'),
    erased.aiConversations > 0 ? "the AI's memory" : null,
    counted(erased.emails, 'e-mail'),
    counted(erased.tasks, 'task'),
    counted(erased.alerts, 'alert'),
    erased.contacts > 0 ? 'the contact' : null,
  ].filter((part): part is string => part !== null);
  const done = parts.length > 0 ? `Erased ${list(parts)} of ${result.phone}.` : `Nothing was left to erase of ${result.phone}.`;
  const cancelled = erased.cancelledRuns > 0 ? ` ${counted(erased.cancelledRuns, 'run')} still under way ${erased.cancelledRuns === 1 ? 'was' : 'were'} cancelled first.` : '';
  const optOut = result.optOutKept ? ' They had opted out: that fact is kept, so they stay opted out.' : '';
  return `${done}${cancelled}${optOut}`;
}
