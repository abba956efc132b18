import { describe, expect, it } from 'vitest';
import { renderTemplate } from './render-template';
import { buildRunContext, type RunContextInput } from './run-context';
import { formatDuration } from './system-variables';
import { isValidTimeZone } from './time-zone';
import { formatTranscript } from './transcript';

/** The CONTRACT's `call.completed` sample, with the elided values filled in. */
const callCompleted = {
  call: {
    id: 'c1',
    direction: 'outbound',
    status: 'completed',
    durationSeconds: 125,
    from: '+14155550100',
    to: '+14155551234',
    startedAt: '2026-11-21T14:03:00Z',
    endedAt: '2026-11-21T14:05:05Z',
  },
  agent: { id: 'a1', name: 'Riya' },
  customer: { phone: '+14155551234', name: 'Alex', email: 'alex@example.com' },
  metadata: { lead_source: 'website' },
  variables: { appointment_booked: true, appointment_date: '2026-11-25' },
  transcript: [
    { role: 'agent', text: 'Hi Alex, shall we book you in?' },
    { role: 'customer', text: 'Yes, the 25th works.' },
  ],
  summary: 'Alex booked an appointment for 25 November.',
};

const input = (overrides: Partial<RunContextInput> = {}): RunContextInput => ({
  event: { type: 'call.completed', id: 'evt_1', occurredAt: '2026-11-21T14:06:00Z', data: callCompleted },
  run: { id: 'run_1', startedAt: new Date('2026-11-21T14:06:01Z') },
  flow: { id: 'flow_1', name: 'Appointment confirmation' },
  steps: { confirm: { messageId: 'm1' } },
  accountName: 'Acme Clinic',
  publicUrl: 'https://switchboard.example.com/',
  ...overrides,
});

describe('buildRunContext', () => {
  it('derives every system variable from the call.completed sample', () => {
    const context = buildRunContext(input());
    expect(context).toMatchObject({
      conversation_date: '2026-11-21 14:05',
      conversation_time: '2:05 PM',
      conversation_duration: '02:05',
      conversation_status: 'Completed',
      conversation_direction: 'Outbound',
      conversation_summary: 'Alex booked an appointment for 25 November.',
      conversation_transcript: 'Agent: Hi Alex, shall we book you in?\nCustomer: Yes, the 25th works.',
      conversation_url: 'https://switchboard.example.com/#/runs/run_1',
      conversation_uuid: 'c1',
      agent_name: 'Riya',
      account_name: 'Acme Clinic',
      customer_number: '+14155551234',
      customer_name: 'Alex',
      customer_email: 'alex@example.com',
      to_number: '+14155551234',
    });
  });

  it('exposes trigger, steps, run and flow', () => {
    const context = buildRunContext(input({ trigger: { ...callCompleted, connected: true } }));
    expect(context.trigger.connected).toBe(true);
    expect(context.run).toEqual({ id: 'run_1', startedAt: '2026-11-21T14:06:01.000Z' });
    expect(context.flow).toEqual({ id: 'flow_1', name: 'Appointment confirmation' });
    expect(renderTemplate('{{trigger.variables.appointment_date}} {{steps.confirm.messageId}} {{customer_name}}', context).value).toBe('2026-11-25 m1 Alex');
    expect(buildRunContext(input()).trigger).toEqual(callCompleted);
  });

  it('lets the trigger answer the system variables it does not hold, as the seeds map them', () => {
    const context = buildRunContext(input());
    expect(renderTemplate('{{trigger.customer_name}} with {{trigger.agent_name}}', context).value).toBe('Alex with Riya');
    // Its own fields win, and the aliases stay out of its JSON.
    expect(renderTemplate('{{trigger.customer_name}}', buildRunContext(input({ trigger: { ...callCompleted, customer_name: 'Sam' } }))).value).toBe('Sam');
    expect(Object.keys(context.trigger)).toEqual(Object.keys(callCompleted));
  });

  it('formats dates in the given time zone, falling back to UTC for an unknown zone', () => {
    expect(buildRunContext(input({ timeZone: 'Asia/Kolkata' }))).toMatchObject({ conversation_date: '2026-11-21 19:35', conversation_time: '7:35 PM' });
    expect(buildRunContext(input({ timeZone: 'Mars/Olympus' }))).toMatchObject({ conversation_date: '2026-11-21 14:05' });
    const midnight = { ...callCompleted, call: { ...callCompleted.call, endedAt: '2026-11-21T00:07:00Z' } };
    expect(buildRunContext(input({ event: { type: 'call.completed', id: 'e', occurredAt: '2026-11-21T00:08:00Z', data: midnight } }))).toMatchObject({
      conversation_date: '2026-11-21 00:07',
      conversation_time: '12:07 AM',
    });
  });

  it('leaves variables without data absent, so templates report them, but keeps the transcript fallback', () => {
    const context = buildRunContext(input({
      event: { type: 'manual', id: 'e', occurredAt: '2026-11-21T09:00:00Z', data: {} },
      accountName: undefined,
      publicUrl: undefined,
    }));
    expect(context.conversation_transcript).toBe('No transcript available');
    expect(context.conversation_uuid).toBe('run_1');
    expect(context.conversation_date).toBe('2026-11-21 09:00');
    for (const name of ['conversation_duration', 'conversation_status', 'conversation_direction', 'conversation_summary', 'conversation_url', 'agent_name', 'account_name', 'customer_number', 'customer_name', 'customer_email', 'to_number'] as const) {
      expect(context[name], name).toBeUndefined();
    }
    expect(renderTemplate('Hi {{customer_name}}', context)).toEqual({ value: 'Hi ', warnings: ['unresolved variable customer_name'] });
  });

  it('reads WhatsApp conversation events', () => {
    const data = { connectionId: 'w1', conversationId: 'conv_9', from: '+4915112345678', name: 'Jana', text: 'Hallo', messageId: 'x', timestamp: '2026-11-21T10:00:00Z' };
    const context = buildRunContext(input({ event: { type: 'whatsapp.message_received', id: 'e', occurredAt: '2026-11-21T10:00:00Z', data } }));
    expect(context).toMatchObject({ conversation_uuid: 'conv_9', customer_number: '+4915112345678', customer_name: 'Jana', conversation_date: '2026-11-21 10:00' });
    expect(context.to_number).toBeUndefined();
  });

  it('adds extracted dynamic variables as dyn_<name>', () => {
    const context = buildRunContext(input({ dynamicVariables: { appointment_time: '10:30' } }));
    expect(renderTemplate('at {{dyn_appointment_time}}', context)).toEqual({ value: 'at 10:30', warnings: [] });
  });
});

describe('system variable helpers', () => {
  it('formats durations as MM:SS with minutes past 59', () => {
    expect(formatDuration(125)).toBe('02:05');
    expect(formatDuration(3725)).toBe('62:05');
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(59.6)).toBe('01:00');
    expect(formatDuration(-1)).toBeUndefined();
    expect(formatDuration('125')).toBeUndefined();
  });

  it('formats transcripts by speaker, with a fallback', () => {
    expect(formatTranscript([{ role: 'assistant', text: 'Hello' }, { role: 'user', text: 'Hi' }, { role: 'system', text: 'note' }, { text: 5 }])).toBe(
      'Agent: Hello\nCustomer: Hi\nSystem: note',
    );
    expect(formatTranscript([])).toBe('No transcript available');
    expect(formatTranscript(undefined)).toBe('No transcript available');
    expect(formatTranscript('Agent: hi')).toBe('Agent: hi');
  });

  it('knows IANA time zones', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
