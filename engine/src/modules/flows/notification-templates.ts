import type { FlowTemplate } from './flow-templates';

/**
 * The post-call notification starting points of seed 004 ("Choose starting point"), as flows:
 * a `call.completed` trigger with a specific AI condition, then the actions of the seed's
 * "Common Business Patterns" (email, task, team alert). Recipients are `example.com`
 * placeholders to replace with the team's own addresses.
 *
 * Emails follow the seed's "Keep Emails Short": one purpose, a few short paragraphs, bullet
 * points and a link to the conversation. `{{dyn_<name>}}` values are extracted by the AI from
 * the transcript once per run.
 */

const CATEGORY = 'Post-call notifications';

const source = (name: string) => `seed 004: Post-Call Notifications, "${name}" template`;

/** The closing paragraph of every email: the link to the conversation. */
const CONVERSATION_LINK = '<p><a href="{{conversation_url}}">Open the conversation</a></p>';

const html = (...paragraphs: string[]) => [...paragraphs, CONVERSATION_LINK].join('\n');

/** Vertical step between rows, and where the actions of one row stand side by side. */
const ROW = 180;
const TRIGGER_POSITION = { x: 0, y: 0 };
const COLUMNS: Record<number, number[]> = { 1: [0], 2: [-160, 160], 3: [-320, 0, 320] };

/** Positions the actions of one row under the trigger, side by side. */
function row(count: 1 | 2 | 3, index: number) {
  return { x: COLUMNS[count][index], y: ROW };
}

/** Edges from the trigger to each action: e1, e2, … */
function fanOut(trigger: string, targets: string[]) {
  return targets.map((target, index) => ({ id: `e${index + 1}`, source: trigger, target }));
}

export const NOTIFICATION_TEMPLATES: FlowTemplate[] = [
  {
    id: 'callback_requested',
    name: 'Callback Requested',
    description: 'When a customer asks to be called back, create a high-priority callback task and email the support queue with the number and the call summary.',
    category: CATEGORY,
    source: source('Callback Requested'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer ask to be called back, request a follow-up call, ask for someone to phone them later, or give a number or a time at which to reach them?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'create_callback_task',
          type: 'task.create',
          config: {
            title: 'Call back {{customer_name}} ({{customer_number}})',
            description: [
              '{{customer_name}} asked for a callback on {{conversation_date}}.',
              'Reason: {{dyn_callback_reason}}',
              'Preferred time: {{dyn_preferred_callback_window}}',
              '',
              '{{conversation_summary}}',
            ].join('\n'),
            priority: 'high',
          },
          position: row(2, 0),
        },
        {
          id: 'email_support_queue',
          type: 'email.send',
          config: {
            to: ['support@example.com'],
            subject: 'Callback requested by {{customer_name}}',
            html: html(
              '<p>{{customer_name}} asked to be called back after a call with {{agent_name}}.</p>',
              '<ul><li>Number: {{customer_number}}</li><li>Call: {{conversation_date}}</li><li>Reason: {{dyn_callback_reason}}</li><li>Preferred time: {{dyn_preferred_callback_window}}</li></ul>',
              '<p>{{conversation_summary}}</p>',
            ),
          },
          position: row(2, 1),
        },
      ],
      edges: fanOut('call_completed', ['create_callback_task', 'email_support_queue']),
    },
  },
  {
    id: 'appointment_booked',
    name: 'Appointment Booked',
    description: 'When a meeting or consultation is booked during the call, send a confirmation email with the date, time and location.',
    category: CATEGORY,
    source: source('Appointment Booked'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer book, schedule, reschedule or confirm an appointment, meeting, consultation or visit for a specific date or time (not just ask about availability)?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'email_confirmation',
          type: 'email.send',
          config: {
            to: ['team@example.com'],
            subject: 'Appointment confirmed - {{dyn_appointment_date}}',
            html: html(
              '<p>{{customer_name}} booked an appointment with {{agent_name}}.</p>',
              '<ul><li>Date: {{dyn_appointment_date}}</li><li>Time: {{dyn_appointment_time}}</li><li>Location: {{dyn_location}}</li><li>Meeting link: {{dyn_meeting_link}}</li></ul>',
              '<p>Customer: {{customer_name}}, {{customer_number}}, {{customer_email}}</p>',
            ),
          },
          position: row(1, 0),
        },
      ],
      edges: fanOut('call_completed', ['email_confirmation']),
    },
  },
  {
    id: 'customer_complaint',
    name: 'Customer Complaint',
    description:
      'When a customer is dissatisfied, email the team responsible for the complaint (chosen by AI, customer care otherwise), create a high-priority task and alert the team.',
    category: CATEGORY,
    source: source('Customer Complaint'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer express dissatisfaction or frustration, complain about a product, the service or a staff member, mention being unhappy, ask for a refund, or threaten to cancel or leave a negative review?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'email_responsible_team',
          type: 'email.send',
          config: {
            routing: [
              { when: 'The complaint is about a charge, an invoice, a refund or a price', to: 'billing@example.com' },
              { when: 'The complaint is about a product or an order that is faulty, broken, late, missing or not as described', to: 'support@example.com' },
              { when: 'The complaint is about how a staff member or the agent treated the customer: rude, unhelpful or not listening', to: 'management@example.com' },
            ],
            fallback: 'customer-care@example.com',
            subject: 'Customer complaint - {{customer_name}}',
            html: html(
              '<p>{{customer_name}} complained during a call with {{agent_name}} on {{conversation_date}}.</p>',
              '<ul><li>Complaint: {{dyn_complaint_reason}}</li><li>What they want: {{dyn_requested_resolution}}</li><li>Number: {{customer_number}}</li></ul>',
              '<p>{{conversation_summary}}</p>',
              '<p>Please contact the customer today.</p>',
            ),
          },
          position: row(3, 0),
        },
        {
          id: 'create_complaint_task',
          type: 'task.create',
          config: {
            title: 'Resolve complaint from {{customer_name}}',
            description: ['Complaint: {{dyn_complaint_reason}}', 'What they want: {{dyn_requested_resolution}}', '', '{{conversation_summary}}'].join('\n'),
            priority: 'high',
          },
          position: row(3, 1),
        },
        {
          id: 'alert_team',
          type: 'alert.team',
          config: {
            message: 'Complaint from {{customer_name}} ({{customer_number}}): {{dyn_complaint_reason}}',
            recipients: 'all',
          },
          position: row(3, 2),
        },
      ],
      edges: fanOut('call_completed', ['email_responsible_team', 'create_complaint_task', 'alert_team']),
    },
  },
  {
    id: 'unanswered_question',
    name: 'Unanswered Question',
    description: 'When the agent could not answer a question, email support the question and the call summary so someone can follow up.',
    category: CATEGORY,
    source: source('Unanswered Question'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer ask a question the agent could not answer, where the agent said it did not know or was unsure, could not find the information, promised that someone would get back to them, or changed the subject without answering?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'email_support',
          type: 'email.send',
          config: {
            to: ['support@example.com'],
            subject: 'Unanswered question from {{customer_name}}',
            html: html(
              '<p>{{agent_name}} could not answer a question from {{customer_name}}.</p>',
              '<ul><li>Question: {{dyn_unanswered_question}}</li><li>Number: {{customer_number}}</li><li>Email: {{customer_email}}</li><li>Call: {{conversation_date}}</li></ul>',
              '<p>{{conversation_summary}}</p>',
              '<p>Please get back to the customer with an answer.</p>',
            ),
          },
          position: row(1, 0),
        },
      ],
      edges: fanOut('call_completed', ['email_support']),
    },
  },
  {
    id: 'technical_issue',
    name: 'Technical Issue',
    description:
      'When a customer reports a bug or an error, email the tech team (critical issues go to on-call, chosen by AI) with the issue and its severity, and create a task.',
    category: CATEGORY,
    source: source('Technical Issue'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer report a technical problem, such as an error message, a bug, a crash, something not loading or not working, a login or access problem, or an outage?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'email_tech_team',
          type: 'email.send',
          config: {
            routing: [
              {
                when: 'Critical: the service is down, the customer cannot work at all, data was lost, or there is a security or payment failure',
                to: 'oncall@example.com, tech@example.com',
              },
              { when: 'A main feature is broken for the customer and there is no workaround', to: 'tech@example.com' },
            ],
            fallback: 'support@example.com',
            subject: 'Customer issue - {{dyn_severity}}',
            html: html(
              '<p>{{customer_name}} reported a technical issue during a call with {{agent_name}}.</p>',
              '<ul><li>Issue: {{dyn_issue_summary}}</li><li>Severity: {{dyn_severity}}</li><li>Number: {{customer_number}}</li><li>Call: {{conversation_date}}</li></ul>',
              '<p>{{conversation_summary}}</p>',
            ),
          },
          position: row(2, 0),
        },
        {
          id: 'create_issue_task',
          type: 'task.create',
          config: {
            title: 'Fix technical issue reported by {{customer_name}}',
            description: ['Issue: {{dyn_issue_summary}}', 'Severity: {{dyn_severity}}', 'Number: {{customer_number}}', '', '{{conversation_summary}}'].join('\n'),
            priority: 'high',
          },
          position: row(2, 1),
        },
      ],
      edges: fanOut('call_completed', ['email_tech_team', 'create_issue_task']),
    },
  },
  {
    id: 'billing_inquiry',
    name: 'Billing Inquiry',
    description: 'When a customer asks about a payment, an invoice or a charge, email the billing team the question and the call summary.',
    category: CATEGORY,
    source: source('Billing Inquiry'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer ask about a bill, an invoice, a charge, a payment, a refund, a price or their subscription plan, or say they were charged incorrectly?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'email_billing',
          type: 'email.send',
          config: {
            to: ['billing@example.com'],
            subject: 'Billing inquiry from {{customer_name}}',
            html: html(
              '<p>{{customer_name}} had a billing question during a call with {{agent_name}}.</p>',
              '<ul><li>Question: {{dyn_billing_question}}</li><li>Invoice or account: {{dyn_invoice_number}}</li><li>Number: {{customer_number}}</li><li>Email: {{customer_email}}</li></ul>',
              '<p>{{conversation_summary}}</p>',
            ),
          },
          position: row(1, 0),
        },
      ],
      edges: fanOut('call_completed', ['email_billing']),
    },
  },
  {
    id: 'escalation_needed',
    name: 'Escalation Needed',
    description: 'When a call needs management attention, email management, create an urgent task and alert the whole team.',
    category: CATEGORY,
    source: source('Escalation Needed'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer ask to speak to a manager or supervisor, mention a lawyer, legal action, a regulator or the press, threaten to cancel their account, or raise an issue the agent said it could not handle?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'email_management',
          type: 'email.send',
          config: {
            to: ['management@example.com'],
            subject: 'Escalation needed - {{customer_name}}',
            html: html(
              '<p>A call with {{customer_name}} needs management attention.</p>',
              '<ul><li>Why: {{dyn_escalation_reason}}</li><li>Number: {{customer_number}}</li><li>Agent: {{agent_name}}</li><li>Call: {{conversation_date}}</li></ul>',
              '<p>{{conversation_summary}}</p>',
              '<p>Please contact the customer as soon as possible.</p>',
            ),
          },
          position: row(3, 0),
        },
        {
          id: 'create_escalation_task',
          type: 'task.create',
          config: {
            title: 'Escalation: contact {{customer_name}} ({{customer_number}})',
            description: ['Why: {{dyn_escalation_reason}}', '', '{{conversation_summary}}'].join('\n'),
            priority: 'urgent',
          },
          position: row(3, 1),
        },
        {
          id: 'alert_team',
          type: 'alert.team',
          config: {
            message: 'Escalation: {{customer_name}} ({{customer_number}}) needs a manager. {{dyn_escalation_reason}}',
            recipients: 'all',
          },
          position: row(3, 2),
        },
      ],
      edges: fanOut('call_completed', ['email_management', 'create_escalation_task', 'alert_team']),
    },
  },
  {
    id: 'order_placed',
    name: 'Order Placed',
    description: 'When a customer places an order during the call, email the orders team the order details for confirmation and fulfilment.',
    category: CATEGORY,
    source: source('Order Placed'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer place, confirm or agree to an order or a purchase during the call, naming the products or services they want, a quantity or a price?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'email_order',
          type: 'email.send',
          config: {
            to: ['orders@example.com'],
            subject: 'New order from {{customer_name}}',
            html: html(
              '<p>{{customer_name}} placed an order during a call with {{agent_name}}.</p>',
              '<ul><li>Order: {{dyn_order_details}}</li><li>Total: {{dyn_order_total}}</li><li>Number: {{customer_number}}</li><li>Email: {{customer_email}}</li></ul>',
              '<p>Please confirm the order with the customer.</p>',
            ),
          },
          position: row(1, 0),
        },
      ],
      edges: fanOut('call_completed', ['email_order']),
    },
  },
  {
    id: 'demo_request',
    name: 'Demo Request',
    description: 'When a prospect wants a product demonstration, email sales and create a task to schedule the demo.',
    category: CATEGORY,
    source: source('Demo Request'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer ask for a product demo, a walkthrough, a trial or a presentation, or agree to have someone from sales show them the product?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'email_sales',
          type: 'email.send',
          config: {
            to: ['sales@example.com'],
            subject: 'Demo request from {{customer_name}}',
            html: html(
              '<p>{{customer_name}} would like a demo.</p>',
              '<ul><li>Company: {{dyn_company_name}}</li><li>Interested in: {{dyn_demo_interest}}</li><li>Number: {{customer_number}}</li><li>Email: {{customer_email}}</li></ul>',
              '<p>{{conversation_summary}}</p>',
            ),
          },
          position: row(2, 0),
        },
        {
          id: 'create_demo_task',
          type: 'task.create',
          config: {
            title: 'Schedule a demo with {{customer_name}}',
            description: ['Company: {{dyn_company_name}}', 'Interested in: {{dyn_demo_interest}}', '', '{{conversation_summary}}'].join('\n'),
            priority: 'high',
          },
          position: row(2, 1),
        },
      ],
      edges: fanOut('call_completed', ['email_sales', 'create_demo_task']),
    },
  },
  {
    id: 'positive_feedback',
    name: 'Positive Feedback',
    description: 'When a customer praises the service or the team, share it with everyone in an alert and an email.',
    category: CATEGORY,
    source: source('Positive Feedback'),
    graph: {
      nodes: [
        {
          id: 'call_completed',
          type: 'call.completed',
          config: {
            callType: 'connected',
            aiCondition:
              'Did the customer praise the service, a product or a team member, thank the team for great help, say they are happy or would recommend the business, or offer to leave a positive review?',
          },
          position: TRIGGER_POSITION,
        },
        {
          id: 'alert_team',
          type: 'alert.team',
          config: {
            message: 'Kind words from {{customer_name}}: {{dyn_compliment}}',
            recipients: 'all',
          },
          position: row(2, 0),
        },
        {
          id: 'email_team',
          type: 'email.send',
          config: {
            to: ['team@example.com'],
            subject: 'Positive feedback from {{customer_name}}',
            html: html(
              '<p>{{customer_name}} had great things to say after a call with {{agent_name}}.</p>',
              '<ul><li>What they said: {{dyn_compliment}}</li><li>Call: {{conversation_date}}</li></ul>',
              '<p>Thank you, team!</p>',
            ),
          },
          position: row(2, 1),
        },
      ],
      edges: fanOut('call_completed', ['alert_team', 'email_team']),
    },
  },
];
