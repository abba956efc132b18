import { shellQuote } from './function-tool';

/** The endpoint an outside system posts its events to (the engine serves the editor, so the page's origin). */
export function eventsUrl(origin: string): string {
  return `${origin.replace(/\/$/, '')}/api/events`;
}

/**
 * A curl command that delivers one event as a telephony platform would: the trigger's type, a
 * unique id (a delivery again with the same id starts nothing new) and the event's data. The
 * key is a placeholder: an API key with the `events:write` scope.
 */
export function eventsCurl(url: string, type: string, data: unknown): string {
  const body = { type, id: 'call-0001', data };
  return [
    `curl -sS -X POST ${shellQuote(url)}`,
    `  -H 'Authorization: Bearer <your events:write key>'`,
    `  -H 'Content-Type: application/json'`,
    `  -d ${shellQuote(JSON.stringify(body, null, 2))}`,
  ].join(' \\\n');
}
