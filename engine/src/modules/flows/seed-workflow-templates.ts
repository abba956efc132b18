import type { FlowTemplate } from './flow-templates';

/**
 * The three example workflows of seeds 002/003 ("Example Workflows"), as flows that run once
 * their placeholders are filled: a WhatsApp sender (the workspace's first one is chosen when
 * the flow is created), and the `example.com` URLs of the team's own CRM, calendar and log.
 * Calls to those hosts go through `http.request`, so a private host must be allowed in the
 * workspace settings (`PATCH /api/workspace` `settings.httpAllowedHosts`).
 */

/** Left empty so the flow is created with the workspace's first WhatsApp sender. */
const CHOOSE_CONNECTION = '';

const ROW = 170;
const at = (row: number, column = 0) => ({ x: column * 300, y: row * ROW });

/** JSONLogic: the call's outcome (a variable the voice agent's post-call analysis sets) is `value`. */
const outcomeIs = (value: string) => ({ '==': [{ var: 'trigger.variables.call_outcome' }, value] });

export const SEED_WORKFLOW_TEMPLATES: FlowTemplate[] = [
  {
    id: 'post_call_follow_up',
    name: 'Post-call WhatsApp follow-up',
    description:
      'Five minutes after a connected call, send a WhatsApp template that fits how the call went: interested callers get the next steps, ' +
      'those who asked for a follow-up get a callback confirmation, and "not interested" ends the flow. The outcome is the call variable call_outcome.',
    category: 'Post-call WhatsApp',
    source: 'seed 002/003: Example Workflows, "Post-Call WhatsApp Follow-up"',
    graph: {
      nodes: [
        { id: 'call_completed', type: 'call.completed', name: 'Call completed', config: { callType: 'connected' }, position: at(0) },
        { id: 'wait', type: 'flow.delay', name: 'Wait 5 minutes', config: { amount: 5, unit: 'minutes' }, position: at(1) },
        {
          id: 'outcome',
          type: 'flow.branch',
          name: 'Call outcome?',
          config: {
            branches: [
              { key: 'interested', label: 'Interested', condition: outcomeIs('interested') },
              { key: 'follow_up', label: 'Follow-up', condition: outcomeIs('follow_up') },
              { key: 'not_interested', label: 'Not interested', condition: outcomeIs('not_interested') },
            ],
          },
          position: at(2),
        },
        {
          id: 'send_interested',
          type: 'whatsapp.send_template',
          name: 'Send interested template',
          config: {
            connectionId: CHOOSE_CONNECTION,
            template: 'follow_up',
            language: 'en',
            to: '{{trigger.customer.phone}}',
            recipientName: '{{trigger.customer.name}}',
            parameters: ['{{trigger.customer.name}}'],
          },
          position: at(3, -1),
        },
        {
          id: 'send_follow_up',
          type: 'whatsapp.send_template',
          name: 'Send follow-up template',
          config: {
            connectionId: CHOOSE_CONNECTION,
            template: 'callback_request',
            language: 'en',
            to: '{{trigger.customer.phone}}',
            recipientName: '{{trigger.customer.name}}',
            parameters: ['{{trigger.customer.name}}'],
          },
          position: at(3, 0),
        },
      ],
      // "Not interested" (and any other outcome) has no next step: the flow ends there.
      edges: [
        { id: 'e1', source: 'call_completed', target: 'wait' },
        { id: 'e2', source: 'wait', target: 'outcome' },
        { id: 'e3', source: 'outcome', sourceHandle: 'interested', target: 'send_interested' },
        { id: 'e4', source: 'outcome', sourceHandle: 'follow_up', target: 'send_follow_up' },
      ],
    },
  },
  {
    id: 'lead_qualification',
    name: 'Lead qualification via WhatsApp',
    description:
      'A form posts a lead to /webhooks/in/lead-form; the lead gets a WhatsApp template, and their reply is read by the AI (interest, budget, timeline) ' +
      'and sent to the CRM. A lead who does not answer within a day is marked as such in the CRM.',
    category: 'Lead qualification',
    source: 'seed 002/003: Example Workflows, "Lead Qualification via WhatsApp"',
    graph: {
      nodes: [
        {
          id: 'form_submission',
          type: 'webhook.received',
          name: 'Form submission',
          config: { path: 'lead-form' },
          position: at(0),
        },
        {
          id: 'send_template',
          type: 'whatsapp.send_template',
          name: 'Send WhatsApp template',
          config: {
            connectionId: CHOOSE_CONNECTION,
            template: 'follow_up',
            language: 'en',
            to: '{{trigger.body.phone}}',
            recipientName: '{{trigger.body.name}}',
            parameters: ['{{trigger.body.name}}'],
          },
          position: at(1),
        },
        {
          id: 'wait_for_reply',
          type: 'flow.wait_for_reply',
          name: 'Wait for reply',
          config: { connectionId: CHOOSE_CONNECTION, from: '{{trigger.body.phone}}', timeoutMinutes: 1440 },
          position: at(2),
        },
        {
          id: 'qualify',
          type: 'ai.extract',
          name: 'AI processes the reply',
          config: {
            text: '{{steps.wait_for_reply.message.text}}',
            fields: [
              { name: 'interested', type: 'boolean', description: 'whether the lead wants to go ahead or hear more' },
              { name: 'budget', type: 'string', description: 'the budget the lead mentions, with its currency' },
              { name: 'timeline', type: 'string', description: 'when the lead wants to start' },
            ],
          },
          position: at(3, -0.5),
        },
        {
          id: 'update_crm',
          type: 'http.request',
          name: 'Update CRM',
          config: {
            method: 'POST',
            url: 'https://crm.example.com/api/leads',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              name: '{{trigger.body.name}}',
              phone: '{{trigger.body.phone}}',
              email: '{{trigger.body.email}}',
              status: 'replied',
              reply: '{{steps.wait_for_reply.message.text}}',
              interested: '{{steps.qualify.interested}}',
              budget: '{{steps.qualify.budget}}',
              timeline: '{{steps.qualify.timeline}}',
            }),
          },
          position: at(4, -0.5),
        },
        {
          id: 'mark_no_reply',
          type: 'http.request',
          name: 'Mark as not answering',
          config: {
            method: 'POST',
            url: 'https://crm.example.com/api/leads',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ name: '{{trigger.body.name}}', phone: '{{trigger.body.phone}}', email: '{{trigger.body.email}}', status: 'no_reply' }),
          },
          position: at(3, 0.5),
        },
      ],
      edges: [
        { id: 'e1', source: 'form_submission', target: 'send_template' },
        { id: 'e2', source: 'send_template', target: 'wait_for_reply' },
        { id: 'e3', source: 'wait_for_reply', sourceHandle: 'replied', target: 'qualify' },
        { id: 'e4', source: 'qualify', target: 'update_crm' },
        { id: 'e5', source: 'wait_for_reply', sourceHandle: 'timeout', target: 'mark_no_reply' },
      ],
    },
  },
  {
    id: 'appointment_reminders',
    name: 'Appointment reminders',
    description:
      "Every evening at 18:00, fetch tomorrow's appointments from the calendar, send each customer the appointment_reminder template " +
      '(name, agent, time, location), five at a time, and log every reminder sent.',
    category: 'Reminders',
    source: 'seed 002/003: Example Workflows, "Appointment Reminder Flow"',
    graph: {
      nodes: [
        { id: 'schedule', type: 'schedule.cron', name: 'Every evening', config: { cron: '0 18 * * *', timezone: 'UTC' }, position: at(0) },
        {
          id: 'fetch_appointments',
          type: 'http.request',
          name: 'Fetch appointments',
          config: { method: 'GET', url: 'https://calendar.example.com/api/appointments?day=tomorrow&scheduled_at={{trigger.scheduledAt}}' },
          position: at(1),
        },
        {
          id: 'each_appointment',
          type: 'flow.loop',
          name: 'Loop through appointments',
          config: { items: '{{steps.fetch_appointments.body.appointments}}', concurrency: 5 },
          position: at(2),
        },
        {
          id: 'send_reminder',
          type: 'whatsapp.send_template',
          name: 'Send reminder template',
          config: {
            connectionId: CHOOSE_CONNECTION,
            template: 'appointment_reminder',
            language: 'en',
            to: '{{steps.each_appointment.item.phone}}',
            recipientName: '{{steps.each_appointment.item.name}}',
            parameters: [
              '{{steps.each_appointment.item.name}}',
              '{{steps.each_appointment.item.agent}}',
              '{{steps.each_appointment.item.time}}',
              '{{steps.each_appointment.item.location}}',
            ],
          },
          position: at(3, -0.5),
        },
        {
          id: 'log',
          type: 'http.request',
          name: 'Log to sheet',
          config: {
            method: 'POST',
            url: 'https://sheets.example.com/api/reminders',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              appointment: '{{steps.each_appointment.item.id}}',
              phone: '{{steps.each_appointment.item.phone}}',
              messageId: '{{steps.send_reminder.messageId}}',
            }),
          },
          position: at(4, -0.5),
        },
      ],
      edges: [
        { id: 'e1', source: 'schedule', target: 'fetch_appointments' },
        { id: 'e2', source: 'fetch_appointments', target: 'each_appointment' },
        { id: 'e3', source: 'each_appointment', sourceHandle: 'item', target: 'send_reminder' },
        { id: 'e4', source: 'send_reminder', target: 'log' },
      ],
    },
  },
];
