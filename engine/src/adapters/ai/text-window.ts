/**
 * The part of a long text the offline rules read: its first `HEAD` and last `TAIL` UTF-16 code
 * units, cut at line ends where one is near.
 *
 * Why a window: the rules run chrono-node and pair every date or number with every keyword
 * mention, which grows faster than the text (chrono-node alone takes ~1.5 s on 256 KiB of
 * dates), and they run on a worker's event loop, where a step that blocks for seconds loses
 * its BullMQ lock and is executed again elsewhere. 32 KiB is ~5,000 words, a call of more than
 * half an hour, so ordinary transcripts and messages are read whole; on 1 MB the rules still
 * answer in well under a second. Why head and tail: a caller gives their name, e-mail, number
 * and reason at the start, and the agent confirms what was agreed (the appointment, the
 * callback) at the end; the middle of a very long call is where a field is least likely.
 */
export const HEAD = 8 * 1024;
export const TAIL = 24 * 1024;

/** How far back (or on) from a cut a line end is looked for before cutting inside a line. */
const LINE_SLACK = 2 * 1024;

/**
 * `text` itself when it fits, else its head and tail joined by a line break.
 *
 * @example textWindow('x'.repeat(100_000)).length // 32769: 8 KiB, a line break, 24 KiB
 */
export function textWindow(text: string): string {
  if (text.length <= HEAD + TAIL) return text;
  const lineEnd = text.lastIndexOf('\n', HEAD);
  const headEnd = lineEnd >= HEAD - LINE_SLACK ? lineEnd : unsplit(text, HEAD);
  const tailFrom = text.length - TAIL;
  const lineStart = text.indexOf('\n', tailFrom);
  const tailStart = lineStart >= 0 && lineStart <= tailFrom + LINE_SLACK ? lineStart + 1 : unsplit(text, tailFrom);
  return `${text.slice(0, headEnd)}\n${text.slice(tailStart)}`;
}

/** `index`, moved past a low surrogate so that a cut there leaves no half of a character. */
function unsplit(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index + 1 : index;
}
