import { textWindow } from '../text-window';
import { clip } from './transcript';

/**
 * A polite acknowledgement of the customer's message that promises a person's follow-up and invents nothing.
 *
 * @example acknowledge('Where is my order?', {}) // 'Thank you for your question "Where is my order?". A member of our team will follow up with you shortly.'
 */
export function acknowledge(message: string, variables: Record<string, unknown>): string {
  const flat = textWindow(message).replace(/\s+/g, ' ').trim().replace(/"/g, "'");
  const name = typeof variables.customer_name === 'string' && variables.customer_name.trim() !== '' ? `, ${clip(variables.customer_name, 40)},` : '';
  const kind = flat.endsWith('?') ? 'question' : 'message';
  const thanks = flat === '' ? `Thank you${name} for getting in touch.` : flat.length <= 120 ? `Thank you${name} for your ${kind} "${flat}".` : `Thank you${name} for your ${kind}.`;
  return `${thanks} A member of our team will follow up with you shortly.`;
}
