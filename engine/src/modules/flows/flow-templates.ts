import type { FlowGraph } from '@switchboard/shared';
import { NOTIFICATION_TEMPLATES } from './notification-templates';
import { SEED_WORKFLOW_TEMPLATES } from './seed-workflow-templates';
import { FUNCTION_TEMPLATES } from './function-templates';

/** A ready flow of the gallery (`GET /api/flow-templates`): creating from it copies it into a new draft. */
export interface FlowTemplate {
  id: string;
  name: string;
  description: string;
  category: string;
  /** Where the example comes from (the seed documents). */
  source: string;
  graph: FlowGraph;
}

/** Where a template needs a connection of the workspace, it holds this empty id until one is chosen. */
export const CHOOSE_CONNECTION = '';

export const FLOW_TEMPLATES: FlowTemplate[] = [
  {
    id: 'appointment_confirmation',
    name: 'Appointment confirmation',
    description:
      'After a connected call in which the customer booked, send the appointment_confirmation template with their name, the date and the time.',
    category: 'Post-call WhatsApp',
    source: 'seed 000: Post-Call WhatsApp, "Example: Appointment Confirmation"',
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: { callType: 'connected', conditions: { and: [{ '==': [{ var: 'trigger.variables.appointment_booked' }, true] }] } },
          position: { x: 0, y: 0 },
        },
        {
          id: 'send_confirmation',
          type: 'whatsapp.send_template',
          config: {
            connectionId: CHOOSE_CONNECTION,
            template: 'appointment_confirmation',
            language: 'en',
            to: '{{trigger.customer.phone}}',
            recipientName: '{{trigger.customer.name}}',
            parameters: ['{{trigger.customer.name}}', '{{trigger.variables.appointment_date}}', '{{trigger.variables.appointment_time}}'],
          },
          position: { x: 0, y: 180 },
        },
      ],
      edges: [{ id: 'e1', source: 'call_completed', target: 'send_confirmation' }],
    },
  },
  {
    id: 'satisfaction_survey',
    name: 'Satisfaction survey',
    description: 'After a connected call that completed, thank the customer and send the satisfaction_survey template with a link to rate the call.',
    category: 'Post-call WhatsApp',
    source: 'seed 000: Post-Call WhatsApp, "Example: Follow-Up Survey"',
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: { callType: 'connected', conditions: { and: [{ '==': [{ var: 'trigger.variables.call_completed' }, true] }] } },
          position: { x: 0, y: 0 },
        },
        {
          id: 'send_survey',
          type: 'whatsapp.send_template',
          config: {
            connectionId: CHOOSE_CONNECTION,
            template: 'satisfaction_survey',
            language: 'en',
            to: '{{trigger.customer.phone}}',
            recipientName: '{{trigger.customer.name}}',
            parameters: ['{{trigger.customer.name}}'],
          },
          position: { x: 0, y: 180 },
        },
      ],
      edges: [{ id: 'e1', source: 'call_completed', target: 'send_survey' }],
    },
  },
  ...SEED_WORKFLOW_TEMPLATES,
  ...FUNCTION_TEMPLATES,
  ...NOTIFICATION_TEMPLATES,
];
