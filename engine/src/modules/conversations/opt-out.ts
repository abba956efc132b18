// WhatsApp has no platform STOP keyword (whatsapp.md §7.2): the business must recognise
// opt-out requests itself. Matching is deliberately strict, because a false "stop" silences a
// customer who only wrote "Can you stop by the office?".

/** Messages that opt a contact out, as written in the README (matching ignores case and accents). */
export const OPT_OUT_STOP_WORDS: readonly string[] = [
  'STOP',
  'STOPP',
  'STOP ALL',
  'UNSUBSCRIBE',
  'ABMELDEN',
  'ABBESTELLEN',
  'KEINE NACHRICHTEN',
  'OPT OUT',
  'OPTOUT',
  'CANCEL SUBSCRIPTION',
  'DESUSCRIBIR',
  'DARSE DE BAJA',
  'ARRÊTER',
  'ARRETER',
  'END',
  'QUIT',
];

/** Messages that opt a contact back in. */
export const OPT_OUT_START_WORDS: readonly string[] = ['START', 'UNSTOP', 'SUBSCRIBE', 'ANMELDEN', 'OPT IN', 'RESUME'];

/** Politeness around a keyword that does not change its meaning ("stop please", "bitte abmelden"). */
const POLITE_WORDS = new Set(['PLEASE', 'PLS', 'BITTE', 'SVP']);

/** First words that opt out on their own when the message has at most this many words ("stop it now"). */
const STOP_FIRST_WORDS = new Set(['STOP', 'STOPP']);
const STOP_FIRST_WORD_MAX_WORDS = 3;

const stopSet = new Set(OPT_OUT_STOP_WORDS.map(normalize));
const startSet = new Set(OPT_OUT_START_WORDS.map(normalize));

/**
 * Whether an inbound text asks to stop or to resume messages. The whole message (without
 * punctuation, emoji and leading or trailing "please") must be a keyword; only STOP/STOPP also
 * count as the first word of a message of at most three words.
 *
 * @example optOutIntent('Stopp!') // 'stop'; optOutIntent('quit smoking tips?') // null
 */
export function optOutIntent(text: string): 'stop' | 'start' | null {
  const words = normalize(text).split(' ').filter(Boolean);
  if (words.length === 0) return null;
  let start = 0;
  let end = words.length;
  while (start < end && POLITE_WORDS.has(words[start])) start++;
  while (end > start && POLITE_WORDS.has(words[end - 1])) end--;
  const phrase = words.slice(start, end).join(' ');
  if (stopSet.has(phrase)) return 'stop';
  if (startSet.has(phrase)) return 'start';
  if (words.length <= STOP_FIRST_WORD_MAX_WORDS && STOP_FIRST_WORDS.has(words[0])) return 'stop';
  return null;
}

/** Upper case, accents removed, anything but letters and digits (punctuation, emoji) as one space. */
function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
