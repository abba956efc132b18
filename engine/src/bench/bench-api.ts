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
export function callCompletedEvent(id: string) {
  return {
    type: 'call.completed',
    id,
    data: {
      call: { id, direction: 'outbound', status: 'completed', durationSeconds: 95, from: '+14155550100', to: '+14155551234' },
      agent: { id: 'a1', name: 'Riya' },
      customer: { phone: '+14155551234', name: 'Alex' },
      variables: { appointment_booked: true, appointment_date: '2026-11-25', appointment_time: '10:30' },
    },
  };
}
