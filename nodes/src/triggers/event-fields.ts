/**
 * Building blocks of the triggers' event shapes (CONTRACT "Event data"). Voice platforms and
 * the glue code in front of them differ, so every shape is lenient: unknown keys pass, fields
 * are optional and may be null, but a field that is there has its type, so a step reading
 * `{{trigger.customer.phone}}` never gets an object, and a condition on `call.durationSeconds`
 * never compares a word.
 */
import { z } from 'zod';

/** Text when present; null reads as absent (platforms send `"email": null`). */
export const text = (what: string) => z.string({ error: `${what} must be text` }).nullish();

/** An object of any keys when present (`variables`, `metadata`, `arguments`). */
export const record = (what: string) => z.record(z.string(), z.unknown(), { error: `${what} must be an object` }).nullish();

/** Who spoke to the agent; `phone` in E.164 by convention but not enforced here (steps normalise it). */
export const customer = z
  .looseObject({ phone: text('customer.phone'), name: text('customer.name'), email: text('customer.email') }, { error: 'customer must be an object, e.g. { "phone": "+14155551234", "name": "Alex" }' })
  .nullish();

export const agent = z.looseObject({ id: text('agent.id'), name: text('agent.name') }, { error: 'agent must be an object, e.g. { "id": "a1", "name": "Riya" }' }).nullish();

/** One turn of a transcript: who spoke and what was said. */
const turn = z.looseObject({ role: text('role'), text: text('text') }, { error: 'each transcript turn must be an object { "role": "agent", "text": "…" }' });

/**
 * A transcript: turns `[{ role, text }]`, or one string (some platforms send `agent: …\nuser: …`).
 * Checked by hand rather than as a union, so a bad turn is named (`transcript[1].text`).
 */
export const transcript = z.unknown().superRefine((value, ctx) => {
  if (value === null || typeof value === 'string') return;
  if (!Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'transcript must be a list of turns [{ "role": "agent", "text": "…" }] or text' });
    return;
  }
  value.forEach((item, index) => {
    const parsed = turn.safeParse(item);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', path: [index, ...issue.path], message: issue.message });
  });
}).optional();

/** A time: ISO 8601 text, or epoch milliseconds (Retell's `start_timestamp`). */
export const instant = (what: string) => z.union([z.string(), z.number()], { error: `${what} must be an ISO 8601 date-time` }).nullish();
