import { flowDocumentSchema, flowGraphSchema, type FlowGraph } from '@switchboard/shared';
import { z } from 'zod';
import appointmentConfirmation from './templates/appointment-confirmation.json';
import satisfactionSurvey from './templates/satisfaction-survey.json';
import postCallFollowUp from './templates/post-call-follow-up.json';
import leadQualification from './templates/lead-qualification.json';
import appointmentReminders from './templates/appointment-reminders.json';
import sendOtp from './templates/send-otp.json';
import sendPaymentLink from './templates/send-payment-link.json';
import sendReferenceNumber from './templates/send-reference-number.json';
import vapiCallEndedWhatsapp from './templates/vapi-call-ended-whatsapp.json';
import retellCallAnalyzedTask from './templates/retell-call-analyzed-task.json';
import elevenlabsCallEndedEmail from './templates/elevenlabs-call-ended-email.json';
import blandCallEndedEmail from './templates/bland-call-ended-email.json';
import synthflowCallEndedEmail from './templates/synthflow-call-ended-email.json';
import missedCallWhatsapp from './templates/missed-call-whatsapp.json';
import callbackRequested from './templates/callback-requested.json';
import appointmentBooked from './templates/appointment-booked.json';
import customerComplaint from './templates/customer-complaint.json';
import unansweredQuestion from './templates/unanswered-question.json';
import technicalIssue from './templates/technical-issue.json';
import billingInquiry from './templates/billing-inquiry.json';
import escalationNeeded from './templates/escalation-needed.json';
import orderPlaced from './templates/order-placed.json';
import demoRequest from './templates/demo-request.json';
import positiveFeedback from './templates/positive-feedback.json';

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

/**
 * A template file: a flow document as export gives it and import takes it (`name`,
 * `description`, `graph`), plus the gallery's `id`, `category` and `source`, which import
 * ignores. So any template can be imported as a flow, and any exported flow made a template.
 */
export const flowTemplateDocumentSchema = flowDocumentSchema.extend({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a template id is snake_case'),
  description: z.string().min(1, 'a template describes itself').max(2000),
  category: z.string().min(1),
  source: z.string().min(1),
  graph: flowGraphSchema,
});

/** The gallery, in the order it is shown: one JSON file per template under `templates/`. */
const TEMPLATE_FILES: ReadonlyArray<{ file: string; document: unknown }> = [
  { file: 'appointment-confirmation.json', document: appointmentConfirmation },
  { file: 'satisfaction-survey.json', document: satisfactionSurvey },
  { file: 'post-call-follow-up.json', document: postCallFollowUp },
  { file: 'lead-qualification.json', document: leadQualification },
  { file: 'appointment-reminders.json', document: appointmentReminders },
  { file: 'send-otp.json', document: sendOtp },
  { file: 'send-payment-link.json', document: sendPaymentLink },
  { file: 'send-reference-number.json', document: sendReferenceNumber },
  // The voice platforms' post-call webhooks (issue 17), before the notification templates, which come last.
  { file: 'vapi-call-ended-whatsapp.json', document: vapiCallEndedWhatsapp },
  { file: 'retell-call-analyzed-task.json', document: retellCallAnalyzedTask },
  { file: 'elevenlabs-call-ended-email.json', document: elevenlabsCallEndedEmail },
  { file: 'bland-call-ended-email.json', document: blandCallEndedEmail },
  { file: 'synthflow-call-ended-email.json', document: synthflowCallEndedEmail },
  { file: 'missed-call-whatsapp.json', document: missedCallWhatsapp },
  { file: 'callback-requested.json', document: callbackRequested },
  { file: 'appointment-booked.json', document: appointmentBooked },
  { file: 'customer-complaint.json', document: customerComplaint },
  { file: 'unanswered-question.json', document: unansweredQuestion },
  { file: 'technical-issue.json', document: technicalIssue },
  { file: 'billing-inquiry.json', document: billingInquiry },
  { file: 'escalation-needed.json', document: escalationNeeded },
  { file: 'order-placed.json', document: orderPlaced },
  { file: 'demo-request.json', document: demoRequest },
  { file: 'positive-feedback.json', document: positiveFeedback },
];

/**
 * Checks each template file against the template schema and returns the templates as
 * written (parsing would drop or reorder fields; the gallery answers the files as they are).
 * A bad file stops the engine at startup, naming the file and the field.
 */
export function loadFlowTemplates(files: ReadonlyArray<{ file: string; document: unknown }>): FlowTemplate[] {
  const ids = new Set<string>();
  return files.map(({ file, document }) => {
    const parsed = flowTemplateDocumentSchema.safeParse(document);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`flow template ${file}: ${issue.path.join('.') || '(document)'}: ${issue.message}`);
    }
    if (ids.has(parsed.data.id)) throw new Error(`flow template ${file}: the id "${parsed.data.id}" is taken by another template`);
    ids.add(parsed.data.id);
    return document as FlowTemplate;
  });
}

export const FLOW_TEMPLATES: readonly FlowTemplate[] = loadFlowTemplates(TEMPLATE_FILES);
