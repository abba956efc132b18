import { confirmationSend } from '../bench/bench-api';
/** Flow documents and events the integration tests share. */

export function callCompletedEvent(overrides: { id?: string; durationSeconds?: number; variables?: Record<string, unknown>; phone?: string } = {}) {
  return {
    type: 'call.completed',
    id: overrides.id ?? `call-${Math.random().toString(36).slice(2)}`,
    occurredAt: '2026-11-21T10:15:00Z',
    data: {
      call: {
        id: 'c1',
        direction: 'outbound',
        status: 'completed',
        durationSeconds: overrides.durationSeconds ?? 125,
        from: '+14155550100',
        to: overrides.phone ?? '+14155551234',
        startedAt: '2026-11-21T10:12:55Z',
        endedAt: '2026-11-21T10:15:00Z',
      },
      agent: { id: 'a1', name: 'Riya' },
      customer: { phone: overrides.phone ?? '+14155551234', name: 'Alex', email: 'alex@example.com' },
      metadata: { lead_source: 'website' },
      variables: { appointment_booked: true, appointment_date: '2026-11-25', appointment_time: '10:30', ...overrides.variables },
      transcript: [
        { role: 'agent', text: 'Would Tuesday at 10:30 work?' },
        { role: 'customer', text: 'Yes, perfect.' },
      ],
      summary: 'The customer booked an appointment.',
    },
  };
}

/** Seed 000's appointment confirmation: connected calls with a booked appointment get the template. */
export function appointmentConfirmation(connectionId: string) {
  return {
    nodes: [
      {
        id: 'call',
        type: 'call.completed',
        config: { callType: 'connected', conditions: { '==': [{ var: 'trigger.variables.appointment_booked' }, true] } },
        position: { x: 0, y: 0 },
      },
      {
        id: 'confirm',
        type: 'whatsapp.send_template',
        config: {
          connectionId,
          template: 'appointment_confirmation',
          language: 'en',
          to: '{{trigger.customer.phone}}',
          parameters: ['{{trigger.customer.name}}', '{{trigger.variables.appointment_date}}', '{{trigger.variables.appointment_time}}'],
        },
        position: { x: 300, y: 0 },
      },
    ],
    edges: [{ id: 'e1', source: 'call', target: 'confirm' }],
  };
}

/** call.completed → (optional delay) → send_template, for the durability tests. */
export function delayedConfirmation(connectionId: string, delaySeconds: number) {
  return {
    nodes: [
      { id: 'call', type: 'call.completed', config: {} },
      { id: 'wait', type: 'flow.delay', config: { amount: delaySeconds, unit: 'seconds' } },
      confirmationSend('confirm', connectionId),
    ],
    edges: [
      { id: 'e1', source: 'call', target: 'wait' },
      { id: 'e2', source: 'wait', target: 'confirm' },
    ],
  };
}
