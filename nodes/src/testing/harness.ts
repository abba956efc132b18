/**
 * Test helpers: run a node the way the engine does (parse the rendered config with the
 * catalog, then call `execute` or `matches`) with plain-object ports that record their calls.
 */
import type { z } from 'zod';
import { buildRunContext, evaluateCondition, StepError } from '@switchboard/shared';
import { NodeCatalog } from '../sdk/catalog';
import type { ActionContext, ActionDefinition, ActionResult, MatchContext, TriggerDefinition, TriggerEvent } from '../sdk/define';
import { matchOutcome, type MatchReason } from '../sdk/match';
import type { CallerAnswer, CallerPort, ContactsPort, ContactUpdate, HttpPort, AiPort, AlertRequest, AlertsPort, EmailPort, EmailRequest, SendContactRequest, SendInteractiveRequest, SendLocationRequest, SendMediaRequest, SendTemplateRequest, SendTextRequest, SentMessage, ServiceWindow, TaskRequest, TasksPort, WhatsAppPort } from '../sdk/ports';

export const NOW = new Date('2026-11-20T15:05:00.000Z');

export interface WhatsAppCalls {
  sendTemplate: SendTemplateRequest[];
  sendText: SendTextRequest[];
  sendInteractive: SendInteractiveRequest[];
  sendMedia: SendMediaRequest[];
  sendLocation: SendLocationRequest[];
  sendContact: SendContactRequest[];
  serviceWindow: Array<{ connectionId: string; customer: string }>;
}

/** A WhatsApp port that records every call; the window is open unless told otherwise. */
export function fakeWhatsApp(window: ServiceWindow = { open: true, endsAt: '2026-11-21T09:00:00.000Z' }) {
  const calls: WhatsAppCalls = { sendTemplate: [], sendText: [], sendInteractive: [], sendMedia: [], sendLocation: [], sendContact: [], serviceWindow: [] };
  const sent = (to: string): SentMessage => ({ messageId: `msg_${calls.sendTemplate.length + calls.sendText.length + calls.sendInteractive.length + calls.sendMedia.length + calls.sendLocation.length + calls.sendContact.length}`, providerMessageId: 'wamid.HBgLMTQxNTU1NTEyMzQVAgARGBI', to, status: 'queued' });
  const port: WhatsAppPort = {
    async sendTemplate(request) {
      calls.sendTemplate.push(request);
      return sent(request.to);
    },
    async sendText(request) {
      calls.sendText.push(request);
      return sent(request.to);
    },
    async sendInteractive(request) {
      calls.sendInteractive.push(request);
      return sent(request.to);
    },
    async sendMedia(request) {
      calls.sendMedia.push(request);
      return sent(request.to);
    },
    async sendLocation(request) {
      calls.sendLocation.push(request);
      return sent(request.to);
    },
    async sendContact(request) {
      calls.sendContact.push(request);
      return sent(request.to);
    },
    async serviceWindow(connectionId, customer) {
      calls.serviceWindow.push({ connectionId, customer });
      return window;
    },
  };
  return { port, calls };
}

/** An AI port that must not be called: a test that needs one passes its own. */
const noAi: AiPort = {
  reply: () => Promise.reject(new Error('no AI port in this test')),
  extract: () => Promise.reject(new Error('no AI port in this test')),
  decide: () => Promise.reject(new Error('no AI port in this test')),
  route: () => Promise.reject(new Error('no AI port in this test')),
};

/** Email, task and alert ports that record what they were asked to do. */
export function fakeNotifications() {
  const calls = { emails: [] as EmailRequest[], tasks: [] as TaskRequest[], alerts: [] as AlertRequest[] };
  const email: EmailPort = {
    async send(request) {
      calls.emails.push(request);
      return { emailId: `email_${calls.emails.length}`, messageId: `<m${calls.emails.length}@test>`, to: request.to, delivery: 'captured' };
    },
  };
  const tasks: TasksPort = {
    async create(request) {
      calls.tasks.push(request);
      return { taskId: `task_${calls.tasks.length}` };
    },
  };
  const alerts: AlertsPort = {
    async raise(request) {
      calls.alerts.push(request);
      return { alertId: `alert_${calls.alerts.length}` };
    },
  };
  return { email, tasks, alerts, calls };
}

/** A contacts port that keeps contacts in memory and records each update. */
export function fakeContacts() {
  const updates: ContactUpdate[] = [];
  const contacts = new Map<string, { tags: string[]; attributes: Record<string, unknown> }>();
  const port: ContactsPort = {
    async update(request) {
      updates.push(request);
      const current = contacts.get(request.phone) ?? { tags: [], attributes: {} };
      const tags = [...new Set([...current.tags, ...request.addTags])].filter((tag) => !request.removeTags.includes(tag)).sort();
      const attributes = { ...current.attributes, ...request.attributes };
      for (const [key, value] of Object.entries(request.attributes)) if (value === null) delete attributes[key];
      contacts.set(request.phone, { tags, attributes });
      return { phone: request.phone, tags, attributes };
    },
  };
  return { port, updates, contacts };
}

/** A caller port that records the answers it was given. */
export function fakeCaller() {
  const answers: CallerAnswer[] = [];
  const port: CallerPort = {
    async respond(answer) {
      answers.push(answer);
    },
  };
  return { port, answers };
}

/** An HTTP port that must not be called: a test that needs one passes its own. */
const noHttp: HttpPort = { request: () => Promise.reject(new Error('no HTTP port in this test')) };

export interface RunOptions {
  whatsapp?: WhatsAppPort;
  http?: HttpPort;
  ai?: AiPort;
  caller?: CallerPort;
  contacts?: ContactsPort;
  notifications?: Pick<ReturnType<typeof fakeNotifications>, 'email' | 'tasks' | 'alerts'>;
  context?: Record<string, unknown>;
  defaultPhoneCountry?: string;
  now?: Date;
}

/** The typed config `execute` would get, or a thrown list of problems. */
export function parsed<Schema extends z.ZodType>(definition: ActionDefinition<Schema> | TriggerDefinition<Schema>, config: Record<string, unknown>): z.output<Schema> {
  const result = new NodeCatalog([]).parseConfig(definition, config);
  if (!result.ok) throw new Error(`config invalid: ${JSON.stringify(result.problems)}`);
  return result.config;
}

/** Parses `config` (already rendered) and runs the action. */
export async function runAction<Schema extends z.ZodType>(definition: ActionDefinition<Schema>, config: Record<string, unknown>, options: RunOptions = {}): Promise<ActionResult> {
  const context = options.context ?? {};
  const ctx: ActionContext<z.output<Schema>> = {
    config: parsed(definition, config),
    run: { id: 'run_1', flowId: 'flow_1', workspaceId: 'ws_1', startedAt: NOW.toISOString(), isTest: false },
    node: { id: 'node_1', type: definition.type },
    attempt: 1,
    context,
    evaluate: (rule) => evaluateCondition(rule, context),
    settings: { defaultPhoneCountry: options.defaultPhoneCountry },
    now: () => options.now ?? NOW,
    ports: { whatsapp: options.whatsapp ?? fakeWhatsApp().port, http: options.http ?? noHttp, ai: options.ai ?? noAi, caller: options.caller ?? fakeCaller().port, contacts: options.contacts ?? fakeContacts().port, ...(options.notifications ?? fakeNotifications()) },
  };
  return definition.execute(ctx);
}

/** The match context the engine builds for an event: `trigger` is the data plus the trigger's enrichment. */
export function matchContext(definition: TriggerDefinition, event: TriggerEvent, judge?: MatchContext['judge']): MatchContext {
  const trigger = { ...event.data, ...definition.enrich?.(event.data) };
  const context = buildRunContext({ event, trigger, run: { id: 'run_1', startedAt: NOW }, flow: { id: 'flow_1', name: 'Test flow' }, steps: {} }) as unknown as Record<string, unknown>;
  return { context, evaluate: (rule) => evaluateCondition(rule, context), ...(judge ? { judge } : {}) };
}

export function event(type: string, data: Record<string, unknown>): TriggerEvent {
  return { type, id: 'evt_1', occurredAt: NOW.toISOString(), data };
}

/** Runs a trigger's `matches` for event data and a (raw) config: whether it matched. */
export async function runMatches<Schema extends z.ZodType>(
  definition: TriggerDefinition<Schema>,
  data: Record<string, unknown>,
  config: Record<string, unknown>,
  judge?: MatchContext['judge'],
): Promise<boolean> {
  return (await runMatch(definition, data, config, judge)).matched;
}

/** Runs a trigger's `matches` for event data and a (raw) config: the verdict with its reason. */
export async function runMatch<Schema extends z.ZodType>(
  definition: TriggerDefinition<Schema>,
  data: Record<string, unknown>,
  config: Record<string, unknown>,
  judge?: MatchContext['judge'],
): Promise<{ matched: boolean; reason?: MatchReason }> {
  const incoming = event(definition.type, data);
  return matchOutcome(await definition.matches(incoming, parsed(definition, config), matchContext(definition, incoming, judge)));
}

/** The StepError `promise` rejects with; anything else fails the test. */
export async function failure(promise: Promise<unknown>): Promise<StepError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StepError) return error;
    throw error;
  }
  throw new Error('expected the step to fail');
}
