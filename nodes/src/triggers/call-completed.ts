import { z } from 'zod';
import { defineTrigger } from '../sdk/define';
import { condition, connection } from '../sdk/fields';
import { aiConditionVerdict, conditionVerdict, notMatched } from '../sdk/match';
import { agent, customer, instant, record, text, transcript } from './event-fields';

const callTypes = ['all', 'connected', 'not_connected'] as const;

const config = z.object({
  callType: z
    .enum(callTypes)
    .default('all')
    .describe('Which calls start the flow: all calls, only connected ones (the customer answered), or only missed and failed ones'),
  conditions: condition('Start only when all of these hold, e.g. the post-call variable appointment_booked equals true').optional(),
  aiCondition: z
    .string()
    .optional()
    .describe('A question the AI answers from the transcript; the flow starts only when the answer is yes. Example: "Did the customer ask for a callback?"'),
  connectionId: connection('ai', 'The AI connection that judges the AI condition; the workspace default when none is chosen').optional(),
  alwaysRun: z.boolean().default(false).describe('Start for every call of the chosen call type, ignoring the conditions and the AI condition'),
});

const DURATION = 'call.durationSeconds must be a number of seconds, 0 or more (e.g. 125)';

/**
 * What a completed call's event carries (CONTRACT "Event data"). Only `call` is required: a
 * call.completed without one cannot say whether the call connected. The duration may be a
 * numeric string, as some platforms send it (Bland's `corrected_duration`).
 */
const event = z.looseObject({
  call: z.looseObject(
    {
      id: text('call.id'),
      direction: text('call.direction'),
      status: text('call.status'),
      connected: z.boolean({ error: 'call.connected is true or false' }).nullish(),
      durationSeconds: z
        .union([z.number().nonnegative(DURATION), z.string().regex(/^\d+(\.\d+)?$/, DURATION)], { error: DURATION })
        .nullish(),
      from: text('call.from'),
      to: text('call.to'),
      startedAt: instant('call.startedAt'),
      endedAt: instant('call.endedAt'),
    },
    { error: 'call is required: an object with the call\'s fields, e.g. { "id": "c1", "durationSeconds": 125 }' },
  ),
  agent,
  customer,
  metadata: record('metadata'),
  variables: record('variables'),
  transcript,
  summary: text('summary'),
});

/**
 * Statuses of a call the customer never talked in (the normalised ones of the voice platforms,
 * reference §8, with the platforms' own spellings): a voicemail of 20 seconds has a duration but
 * did not connect.
 */
const NOT_CONNECTED = new Set(['no_answer', 'no-answer', 'busy', 'voicemail', 'failed', 'canceled', 'cancelled', 'not_connected', 'error']);

/**
 * Whether the customer answered: an explicit `call.connected` boolean (the voice platforms'
 * webhooks set it) wins; then a `call.status` that says the call never connected (no_answer,
 * busy, voicemail, failed); then the duration: longer than zero seconds (seed 000). A
 * `completed` status does not outweigh a missing or zero duration (events posted as "completed,
 * 0 seconds" have always meant a missed call); the voice webhooks always set `connected`.
 */
export function callConnected(data: Record<string, unknown>): boolean {
  const call = typeof data.call === 'object' && data.call !== null ? (data.call as Record<string, unknown>) : {};
  if (typeof call.connected === 'boolean') return call.connected;
  const status = typeof call.status === 'string' ? call.status.trim().toLowerCase() : '';
  if (NOT_CONNECTED.has(status)) return false;
  const duration = call.durationSeconds;
  const seconds = typeof duration === 'number' ? duration : typeof duration === 'string' ? Number(duration) : 0;
  return Number.isFinite(seconds) && seconds > 0;
}

export const callCompleted = defineTrigger({
  type: 'call.completed',
  typeVersion: 1,
  title: 'Call completed',
  description: 'Starts the flow when one of your AI agents ends a call. Filter by connected or missed calls and by what was said or collected during the call.',
  category: 'Triggers',
  icon: 'phone',
  config,
  event,
  sampleEvent: {
    call: {
      id: 'call_7f3a9c21',
      direction: 'outbound',
      status: 'completed',
      durationSeconds: 125,
      from: '+14155550100',
      to: '+14155551234',
      startedAt: '2026-11-20T15:02:11Z',
      endedAt: '2026-11-20T15:04:16Z',
    },
    agent: { id: 'agent_riya', name: 'Riya' },
    customer: { phone: '+14155551234', name: 'Alex Morgan', email: 'alex@example.com' },
    metadata: { lead_source: 'website' },
    variables: { appointment_booked: true, appointment_date: '2026-11-25', appointment_time: '10:30' },
    transcript: [
      { role: 'agent', text: 'Hi Alex, this is Riya from Bright Smile Dental. Would you like to book your check-up?' },
      { role: 'customer', text: 'Yes, is next Wednesday morning possible?' },
      { role: 'agent', text: 'Wednesday the 25th at 10:30 is free. Shall I book it?' },
      { role: 'customer', text: 'Perfect, please do.' },
    ],
    summary: 'Alex booked a dental check-up for 2026-11-25 at 10:30.',
  },
  enrich: (data) => ({ connected: callConnected(data) }),
  requiredConditions: (config) => (config.alwaysRun ? undefined : config.conditions),
  async matches(event, config, ctx) {
    const connected = callConnected(event.data);
    if (config.callType === 'connected' && !connected) return notMatched('CALL_TYPE_MISMATCH', 'call type did not match (connected only)', { callType: config.callType, connected });
    if (config.callType === 'not_connected' && connected) return notMatched('CALL_TYPE_MISMATCH', 'call type did not match (not-connected only)', { callType: config.callType, connected });
    if (config.alwaysRun) return true;
    return conditionVerdict(config.conditions, ctx) ?? (await aiConditionVerdict(config.aiCondition, config.connectionId, ctx)) ?? true;
  },
});
