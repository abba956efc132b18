import { type Agent, request } from 'undici';

export type Api = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => Promise<{ status: number; body: any }>;

/** The engine's HTTP API as the benchmarks call it: JSON in and out, with the bench's API key. */
export function apiClient(baseUrl: string, apiKey: string, agent: Agent): Api {
  return (method, path, body) =>
    request(`${baseUrl}${path}`, {
      method,
      dispatcher: agent,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => {
      const text = await response.body.text();
      return { status: response.statusCode, body: text ? safeJson(text) : undefined };
    });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A connected call whose agent booked an appointment: what the benches post to `POST /api/events`. */
/**
 * A connected call that booked an appointment. Each call is with its own customer (a number
 * derived from the id), as in production: one customer receiving thousands of messages would
 * measure Meta's pair rate (one message per 6 s to a customer, paced by the engine), not the engine.
 */
export function callCompletedEvent(id: string) {
  const phone = customerPhone(id);
  return {
    type: 'call.completed',
    id,
    data: {
      call: { id, direction: 'outbound', status: 'completed', durationSeconds: 95, from: '+14155550100', to: phone },
      agent: { id: 'a1', name: 'Riya' },
      customer: { phone, name: 'Alex' },
      variables: { appointment_booked: true, appointment_date: '2026-11-25', appointment_time: '10:30' },
    },
  };
}

/**
 * One of 10,000 numbers +1 415 555-0000…9999 (valid for libphonenumber's strict check), the same
 * for the same id; a few customers get two or three messages, well inside Meta's burst of 45.
 */
function customerPhone(id: string): string {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619) >>> 0;
  return `+1415555${String(hash % 10_000).padStart(4, '0')}`;
}

/** Seed 000's appointment confirmation sent to the caller: the send step of the benches' flows and the tests'. */
export function confirmationSend(id: string, connectionId: string) {
  return {
    id,
    type: 'whatsapp.send_template',
    config: {
      connectionId,
      template: 'appointment_confirmation',
      language: 'en',
      to: '{{trigger.customer.phone}}',
      parameters: ['{{trigger.customer.name}}', '{{trigger.variables.appointment_date}}', '{{trigger.variables.appointment_time}}'],
    },
  };
}
