import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { isWhatsApp, providerDefaults, StepError } from '@switchboard/shared';
import type { SendContactRequest, SendInteractiveRequest, SendLocationRequest, SendMediaRequest, SendTemplateRequest, SendTextRequest, SentMessage, ServiceWindow, WhatsAppPort } from '@switchboard/nodes';
import type { EngineConfig } from '../../config/config';
import { StepDeferral } from '../../execution/step-deferral';
import type { InboundMessageOrigin } from '../../execution/ports';
import { ConnectionsService, type ResolvedConnection } from '../../modules/connections/connections.service';
import { asMetaCode } from '../../modules/connections/provider-errors';
import { effectiveSendRate, pairPaceOf } from '../../modules/connections/sender-limit-facts';
import { SenderLimits, type StoredLimits } from '../../modules/connections/sender-limits';
import { ContactsRepository } from '../../modules/conversations/contacts.repository';
import { MessagesRepository, outcomeCorrelation, type ClaimedMessage, type OutboundMessage } from '../../modules/messages/messages.repository';
import { TemplatesService, type TemplateSource, type TemplateSubmitter } from '../../modules/templates/templates.service';
import { EngineMetrics } from '../../runtime/metrics';
import { CONFIG, LOGGER } from '../../runtime/tokens';
import { mayHaveArrived } from './http';
import { SendRateLimiter } from './send-rate-limiter';
import { UncalledClaims } from './uncalled-claims';
import { WHATSAPP_PROVIDERS, type WhatsAppProviders } from './whatsapp-providers';
import type { ProviderSendResult, SendOrigin, SenderHealth, WhatsAppProvider } from './whatsapp-provider';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const HEALTH_CACHE_MS = 60_000;
/** Waits shorter than this are slept in the job; longer ones become a durable wait. */
const SLEEP_UP_TO_MS = 25;
const SENT_STATUSES = new Set(['queued', 'sent', 'delivered', 'read', 'played']);
const DEFAULT_GRACE_MINUTES = 10;
/** Meta's code for "too many messages to this customer" (the pair rate). */
const PAIR_RATE_HIT = 131056;

/**
 * The step a send belongs to; `rateSlotHeld` when the step was deferred and now owns its send
 * slot; `outcomeDue` when it waited for the outcome of an earlier attempt and no report came.
 */
export interface StepOrigin extends SendOrigin {
  rateSlotHeld?: boolean;
  outcomeDue?: boolean;
  /** The customer's message that started the run (a reply flow); a test run's sample counts as just received. */
  inboundMessage?: InboundMessageOrigin;
}


/**
 * The WhatsApp port. Before a provider is called: the connection belongs to the workspace and
 * is a WhatsApp sender, the template exists, is approved and gets as many parameters as it
 * has, a marketing template does not go to a customer who opted out, the sender is healthy,
 * and Meta's limits allow it (shared by every worker) — otherwise the step waits, durably, it
 * is not failed: a business-initiated template to a new customer fits the sender's daily limit
 * of unique customers, messages to one customer keep the pair interval (in the order they were
 * reserved), and the sender's send rate has a slot. Then the message is claimed under the step's idempotency key, so a retry
 * after a crash never sends twice, and the provider is called.
 *
 * A send that may have reached the provider without its answer being stored (a timeout or a
 * reset after the request was written; a crash between the call and `markSent`, found as a
 * `pending` claim — unless the attempt that wrote it noted that it never called anyone,
 * `UncalledClaims`) is never sent again blindly: the claim becomes `unknown` and the step waits
 * (a `StepDeferral` of kind `outcome`) for the provider's status webhook, which names the step's
 * key and completes the claim (`InboundProcessor`). When the connection's grace period ends
 * without one, its `unknownOutcome` policy fails the step or sends again under the same key.
 */
@Injectable()
export class WhatsAppGateway {
  private readonly health = new Map<string, { health: SenderHealth; until: number }>();

  constructor(
    private readonly connections: ConnectionsService,
    private readonly messages: MessagesRepository,
    private readonly templates: TemplatesService,
    private readonly contacts: ContactsRepository,
    private readonly limiter: SendRateLimiter,
    private readonly limits: SenderLimits,
    private readonly uncalled: UncalledClaims,
    @Inject(WHATSAPP_PROVIDERS) private readonly providers: WhatsAppProviders,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly metrics: EngineMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  forStep(origin: StepOrigin): WhatsAppPort {
    return {
      sendTemplate: (request) => this.sendTemplate(origin, request),
      sendText: (request) => this.sendText(origin, request),
      sendInteractive: (request) => this.sendInteractive(origin, request),
      sendMedia: (request) => this.sendMedia(origin, request),
      sendLocation: (request) => this.sendLocation(origin, request),
      sendContact: (request) => this.sendContact(origin, request),
      serviceWindow: (connectionId, customer) => this.serviceWindow(origin.workspaceId, connectionId, customer, origin.inboundMessage),
    };
  }

  /**
   * The 24-hour window of (sender, customer), from the customer's last stored message. In a run
   * a customer's message started (`inbound`), a test run's sample message counts as received
   * when the run started — the sample customer never really wrote, and a reply flow's test must
   * be able to reply — and a closed window says it is a reply flow (its advice differs).
   */
  async serviceWindow(workspaceId: string, connectionId: string, customer: string, inbound?: InboundMessageOrigin): Promise<ServiceWindow> {
    await this.resolve(workspaceId, connectionId);
    const last = await this.messages.lastInboundAt(connectionId, customer);
    const testReceived = inbound?.testReceivedAt && inbound.from && samePhone(inbound.from, customer) ? new Date(inbound.testReceivedAt) : null;
    const latest = [last, testReceived].filter((at): at is Date => at !== null).sort((a, b) => b.getTime() - a.getTime())[0];
    const replyFlow = inbound ? { replyFlow: true } : {};
    if (!latest) return { open: false, endsAt: null, ...replyFlow };
    const endsAt = new Date(latest.getTime() + WINDOW_MS);
    const open = endsAt.getTime() > Date.now();
    return { open, endsAt: endsAt.toISOString(), ...(open ? {} : replyFlow) };
  }

  /** How to list a sender's templates; undefined when it cannot (AiSensy Basic). */
  templateSource(connection: ResolvedConnection): TemplateSource | undefined {
    const provider = this.providerFor(connection);
    if (!provider.listTemplates || provider.canListTemplates?.(connection) === false) return undefined;
    return (c) => provider.listTemplates!(c);
  }

  /** How to submit a new template to a sender's provider; undefined when its API cannot create them (Heltar, AiSensy). */
  templateSubmitter(connection: ResolvedConnection): TemplateSubmitter | undefined {
    const provider = this.providerFor(connection);
    if (!provider.createTemplate) return undefined;
    return (c, definition) => provider.createTemplate!(c, definition);
  }

  /**
   * Reads the sender's health now and stores the limits that come with it (Meta's tier, quality
   * and throughput): testing a connection shows them before its first send. Advisory: a failure
   * is logged, never thrown.
   */
  async refreshLimits(connection: ResolvedConnection): Promise<void> {
    const provider = this.providers[connection.provider];
    if (!provider?.health) return;
    try {
      const health = await provider.health(connection);
      this.health.set(connection.id, { health, until: Date.now() + HEALTH_CACHE_MS });
      if (health.limits) await this.limits.learn(connection.id, health.limits);
    } catch (error) {
      this.logger.warn({ err: error, connectionId: connection.id }, "could not read the sender's limits");
    }
  }

  /** The provider adapter serving a connection. */
  providerFor(connection: ResolvedConnection): WhatsAppProvider {
    const provider = this.providers[connection.provider];
    if (!provider) throw new StepError('CONFIG_INVALID', `connection ${connection.id} is a ${connection.provider} connection, not a WhatsApp sender`);
    return provider;
  }

  private async sendTemplate(origin: StepOrigin, request: SendTemplateRequest): Promise<SentMessage> {
    const { connection, provider } = await this.resolve(origin.workspaceId, request.connectionId);
    const source = this.templateSource(connection);
    const template = source ? await this.templates.find(connection, request.template, request.language, source) : null;
    if (source) {
      if (!template) {
        throw new StepError('TEMPLATE_NOT_FOUND', `The sender has no template "${request.template}" in language "${request.language}"; sync its templates or check the name`);
      }
      if (template.status !== 'APPROVED') {
        throw new StepError('TEMPLATE_NOT_FOUND', `The template "${request.template}" (${request.language}) is ${template.status.toLowerCase()}, not approved; only approved templates can be sent`);
      }
      checkParameters(template.parameterFormat, template.parameters, request);
    }
    if (template?.category === 'MARKETING' && (await this.contacts.isOptedOut(origin.workspaceId, request.to))) {
      throw new StepError('OPTED_OUT', `${request.to} opted out of marketing messages; "${request.template}" is a marketing template`);
    }
    const message: Omit<OutboundMessage, 'status'> = {
      ...this.base(origin, connection, request.to),
      customerName: request.recipientName,
      kind: 'template',
      template: request.template,
      language: request.language,
      parameters: request.parameters,
    };
    return this.send(origin, connection, provider, message, () => provider.sendTemplate(connection, request, origin));
  }

  private async sendText(origin: StepOrigin, request: SendTextRequest): Promise<SentMessage> {
    const { connection, provider } = await this.resolve(origin.workspaceId, request.connectionId);
    const message = { ...this.base(origin, connection, request.to), kind: 'text' as const, body: request.text };
    return this.send(origin, connection, provider, message, () => provider.sendText(connection, request, origin));
  }

  /**
   * Interactive and media messages take the same claim-then-call path as text (one idempotency
   * key, the same unknown-outcome handling); the stored message is their text rendering, so the
   * conversation log and the sandbox's simulator show what the customer sees.
   */
  private async sendInteractive(origin: StepOrigin, request: SendInteractiveRequest): Promise<SentMessage> {
    const { connection, provider } = await this.resolve(origin.workspaceId, request.connectionId);
    const { connectionId: _connection, to: _to, ...sent } = request;
    // The structure beside the text, for the simulator's buttons (kept in `parameters`, unused by text messages).
    const message = { ...this.base(origin, connection, request.to), kind: 'text' as const, body: interactiveText(request), parameters: { interactive: sent } };
    return this.send(origin, connection, provider, message, () => provider.sendInteractive(connection, request, origin));
  }

  private async sendMedia(origin: StepOrigin, request: SendMediaRequest): Promise<SentMessage> {
    const { connection, provider } = await this.resolve(origin.workspaceId, request.connectionId);
    const { connectionId: _connection, to: _to, ...sent } = request;
    const message = { ...this.base(origin, connection, request.to), kind: 'text' as const, body: mediaText(request), parameters: { media: sent } };
    return this.send(origin, connection, provider, message, () => provider.sendMedia(connection, request, origin));
  }

  private async sendLocation(origin: StepOrigin, request: SendLocationRequest): Promise<SentMessage> {
    const { connection, provider } = await this.resolve(origin.workspaceId, request.connectionId);
    const message = { ...this.base(origin, connection, request.to), kind: 'text' as const, body: locationText(request) };
    return this.send(origin, connection, provider, message, () => provider.sendLocation(connection, request, origin));
  }

  private async sendContact(origin: StepOrigin, request: SendContactRequest): Promise<SentMessage> {
    const { connection, provider } = await this.resolve(origin.workspaceId, request.connectionId);
    const message = { ...this.base(origin, connection, request.to), kind: 'text' as const, body: contactText(request) };
    return this.send(origin, connection, provider, message, () => provider.sendContact(connection, request, origin));
  }

  private base(origin: StepOrigin, connection: ResolvedConnection, to: string) {
    return {
      workspaceId: origin.workspaceId,
      connectionId: connection.id,
      customerPhone: to,
      runId: origin.runId,
      nodeId: origin.nodeId,
      idempotencyKey: origin.idempotencyKey,
    };
  }

  private async send(
    origin: StepOrigin,
    connection: ResolvedConnection,
    provider: WhatsAppProvider,
    message: Omit<OutboundMessage, 'status'>,
    call: () => Promise<ProviderSendResult>,
  ): Promise<SentMessage> {
    await this.checkHealth(connection, provider);
    if (message.kind === 'template') await this.admitCustomer(origin, connection, message.customerPhone);
    await this.spacePair(origin, connection, message.customerPhone);
    if (!origin.rateSlotHeld) await this.takeSlot(connection);

    if ((provider as { local?: boolean }).local) {
      const sent = await this.counted(connection, call);
      const claimed = await this.messages.claim({ ...message, status: sent.status, providerMessageId: sent.providerMessageId });
      return { messageId: claimed.id, providerMessageId: claimed.providerMessageId ?? sent.providerMessageId, to: claimed.customerPhone, status: sent.status };
    }

    const claimed = await this.claim(message);
    if (!claimed.created) {
      if (SENT_STATUSES.has(claimed.status)) {
        // An earlier attempt sent it (its answer or the provider's report said so): do not send again.
        return sentMessage(claimed);
      }
      if (claimed.status === 'failed') {
        // Failed before (the provider refused it, or reported it failed): only one retry takes it again.
        if (!(await this.messages.reclaim(claimed.id))) return this.unknown(origin, connection, claimed.id, 'another attempt of this step is sending it');
      } else if (claimed.status === 'pending' && (await this.uncalled.take(claimed.id))) {
        // Stored by an attempt that lost the INSERT's answer and called nobody: send it now.
      } else if (!(origin.outcomeDue && unknownOutcomePolicy(connection) === 'resend' && (await this.messages.reclaimUnknown(claimed.id)))) {
        // `pending`: an earlier attempt called the provider and stopped before storing its answer; `unknown`: it timed out.
        return this.unknown(origin, connection, claimed.id, 'an earlier attempt of this step called the provider and stopped before its answer was stored');
      }
    }
    let result: ProviderSendResult;
    try {
      result = await this.counted(connection, call);
    } catch (error) {
      // A timeout or reset after the request was written, or a provider that took the request
      // without saying what became of the message (Meta without a wamid, Heltar without an outcome).
      if (mayHaveArrived(error) || (error instanceof StepError && error.code === 'OUTCOME_UNKNOWN')) return this.unknown(origin, connection, claimed.id, (error as Error).message);
      const info = error instanceof StepError ? error.toJSON() : { code: 'INTERNAL', message: String(error), retryable: true };
      await this.messages.markFailed(claimed.id, info);
      if (providerCodeOf(info.details) === PAIR_RATE_HIT) await this.limits.backOffPair(connection.id, message.customerPhone, pairPaceOf(connection.config), origin.idempotencyKey);
      if (info.code === 'OPTED_OUT') await this.contacts.optOut(origin.workspaceId, message.customerPhone, 'whatsapp:131050');
      throw error;
    }
    if (this.config.SWITCHBOARD_FAULT === 'crash-after-provider-call') process.kill(process.pid, 'SIGKILL');
    await this.messages.markSent(claimed.id, result.providerMessageId, result.status);
    return { messageId: claimed.id, providerMessageId: result.providerMessageId, to: claimed.customerPhone, status: result.status };
  }

  /**
   * Claims the message as `pending` under an id of this attempt's own. When the INSERT fails
   * its row may still have committed (the answer lost with the connection); this attempt
   * called nobody, and says so for the next one (`UncalledClaims`).
   */
  private async claim(message: Omit<OutboundMessage, 'status'>): Promise<ClaimedMessage> {
    const id = randomUUID();
    try {
      return await this.messages.claim({ ...message, id, status: 'pending' });
    } catch (error) {
      await this.uncalled.remember(id).catch((noted: unknown) => this.logger.warn({ err: noted, claimId: id }, 'could not note a claim that was never sent; its retry waits for the grace period'));
      throw error;
    }
  }

  /** Calls the provider, counting the result: `sent`, `unknown` (it may have sent it), or the code it failed with. */
  private async counted(connection: ResolvedConnection, call: () => Promise<ProviderSendResult>): Promise<ProviderSendResult> {
    try {
      const result = await call();
      this.metrics.providerSend(connection.provider, 'sent');
      return result;
    } catch (error) {
      const unknown = mayHaveArrived(error) || (error instanceof StepError && error.code === 'OUTCOME_UNKNOWN');
      this.metrics.providerSend(connection.provider, unknown ? 'unknown' : error instanceof StepError ? error.code : 'INTERNAL');
      throw error;
    }
  }

  /**
   * A send whose outcome is unknown: the claim says so, and the step waits for the provider's
   * report until the grace period ends (throws a `StepDeferral`); then (`outcomeDue`) the `fail`
   * policy fails it. A report that already completed the claim makes it a plain success.
   */
  private async unknown(origin: StepOrigin, connection: ResolvedConnection, claimId: string, why: string): Promise<SentMessage> {
    const claim = await this.messages.markUnknown(claimId);
    if (claim && SENT_STATUSES.has(claim.status)) return sentMessage(claim);
    if (origin.outcomeDue) {
      const minutes = graceMinutes(connection);
      throw new StepError(
        'OUTCOME_UNKNOWN',
        `The provider may or may not have sent this message (${why}), and it sent no status report for it within ${minutes} minute(s), so it is not sent again. Check the conversation with the customer, then retry the run to send it anyway, or set the connection's unknownOutcome to "resend".`,
        { retryable: false },
      );
    }
    const until = new Date(Date.now() + graceMinutes(connection) * 60_000);
    throw new StepDeferral(until, `the outcome of the send is unknown (${why}); waiting for the provider's status report`, 'outcome', outcomeCorrelation(origin.idempotencyKey));
  }

  /**
   * A template to a customer without an open 24-hour window starts a business-initiated
   * conversation, which Meta counts against the sender's daily limit of unique customers (its
   * tier, or the connection's `dailyCustomerLimit`): a customer already counted in the last 24
   * hours passes, a new one waits (durably) while the limit is reached, until the oldest leaves.
   */
  private async admitCustomer(origin: StepOrigin, connection: ResolvedConnection, customer: string): Promise<void> {
    const own = Number(connection.config.dailyCustomerLimit);
    const limit = Number.isInteger(own) && own > 0 ? own : (await this.learnedLimits(connection))?.dailyLimit;
    if (!limit) return;
    const window = await this.serviceWindow(origin.workspaceId, connection.id, customer, origin.inboundMessage);
    if (window.open) return;
    const wait = await this.limits.admitCustomer(connection.id, customer, limit);
    if (wait <= 0) return;
    this.metrics.rateLimited('whatsapp_daily');
    throw new StepDeferral(
      new Date(Date.now() + wait),
      `the sender's daily limit of ${limit} unique customers in business-initiated conversations is reached; waiting until one of them leaves the moving 24 hours`,
      'limit',
    );
  }

  /**
   * Meta's pair rate: messages to one customer are spaced by the connection's
   * `pairIntervalSeconds`, after a burst of `pairBurst`. The step reserves the pair's next slot
   * under its own key (a deferred or retried step gets the same slot back); a short wait is
   * slept, a longer one is a durable wait.
   */
  private async spacePair(origin: StepOrigin, connection: ResolvedConnection, customer: string): Promise<void> {
    const pace = pairPaceOf(connection.config);
    if (pace.intervalMs <= 0) return;
    const wait = await this.limits.reservePair(connection.id, customer, origin.idempotencyKey, pace);
    if (wait > SLEEP_UP_TO_MS) {
      this.metrics.rateLimited('whatsapp_pair');
      throw new StepDeferral(new Date(Date.now() + wait), `messages to ${customer} are spaced by ${pace.intervalMs / 1000} s (Meta's pair rate)`, 'limit');
    }
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private async takeSlot(connection: ResolvedConnection): Promise<void> {
    // Every real provider's connection has a rate (80/s unless set); a sandbox only when one is set.
    if (connection.config.sendRatePerSecond === undefined) return;
    const defaultRate = providerDefaults(connection.provider).sendRatePerSecond;
    const learned = defaultRate === undefined ? undefined : (await this.learnedLimits(connection))?.throughputPerSecond;
    const perSecond = effectiveSendRate(Number(connection.config.sendRatePerSecond), typeof defaultRate === 'number' ? defaultRate : undefined, learned);
    const wait = await this.limiter.reserve(connection.id, perSecond);
    if (wait > SLEEP_UP_TO_MS) {
      this.metrics.rateLimited('whatsapp_send');
      throw new StepDeferral(new Date(Date.now() + wait), `send rate of ${perSecond}/s reached`);
    }
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** What Meta reported about the sender; only Meta's own senders report it (a BSP's or the sandbox's never do). */
  private async learnedLimits(connection: ResolvedConnection): Promise<StoredLimits | null> {
    return connection.provider === 'whatsapp.meta' ? this.limits.limitsOf(connection.id) : null;
  }

  private async checkHealth(connection: ResolvedConnection, provider: WhatsAppProvider): Promise<void> {
    if (!provider.health) return;
    let entry = this.health.get(connection.id);
    if (!entry || entry.until < Date.now()) {
      entry = { health: await provider.health(connection), until: Date.now() + HEALTH_CACHE_MS };
      this.health.set(connection.id, entry);
      // The phone number's tier, quality and throughput come with its health: kept for the limits and the connection view.
      if (entry.health.limits) {
        await this.limits.learn(connection.id, entry.health.limits).catch((error: unknown) => this.logger.warn({ err: error, connectionId: connection.id }, "could not store the sender's limits"));
      }
    }
    if (!entry.health.canSend) throw new StepError('SENDER_OFFLINE', `The sender cannot send now: ${entry.health.reason ?? 'its provider says so'}`);
  }

  private async resolve(workspaceId: string, connectionId: string): Promise<{ connection: ResolvedConnection; provider: WhatsAppProvider }> {
    const connection = await this.connections.resolve(workspaceId, connectionId);
    if (!connection) throw new StepError('CONNECTION_NOT_FOUND', `connection ${connectionId} does not exist in this workspace`);
    if (!isWhatsApp(connection.provider)) throw new StepError('CONFIG_INVALID', `connection ${connection.id} is a ${connection.provider} connection, not a WhatsApp sender`);
    return { connection, provider: this.providerFor(connection) };
  }
}

function sentMessage(claim: { id: string; providerMessageId: string | null; customerPhone: string; status: string }): SentMessage {
  return { messageId: claim.id, providerMessageId: claim.providerMessageId ?? '', to: claim.customerPhone, status: claim.status as SentMessage['status'] };
}

function unknownOutcomePolicy(connection: ResolvedConnection): 'fail' | 'resend' {
  return connection.config.unknownOutcome === 'resend' ? 'resend' : 'fail';
}

/** The provider's own code in a StepError's details (`providerCode`), as a number. */
function providerCodeOf(details: unknown): number | null {
  return typeof details === 'object' && details !== null ? asMetaCode((details as { providerCode?: unknown }).providerCode) : null;
}

function graceMinutes(connection: ResolvedConnection): number {
  const minutes = Number(connection.config.unknownOutcomeGraceMinutes);
  return Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_GRACE_MINUTES;
}

/** The parameters a send gives must be the ones the template has. */
function checkParameters(format: 'positional' | 'named', expected: string[], request: SendTemplateRequest): void {
  const given = request.parameters;
  if (format === 'named') {
    const names = Array.isArray(given) ? [] : Object.keys(given);
    const missing = expected.filter((name) => !names.includes(name));
    const extra = names.filter((name) => !expected.includes(name));
    if (Array.isArray(given) || missing.length > 0 || extra.length > 0) {
      throw new StepError(
        'TEMPLATE_PARAMS_MISMATCH',
        `The template "${request.template}" takes the named parameters ${expected.join(', ') || '(none)'}; ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && extra.length ? ', ' : ''}${extra.length ? `unknown ${extra.join(', ')}` : ''}${Array.isArray(given) ? 'a list was given' : ''}`,
      );
    }
    return;
  }
  const count = Array.isArray(given) ? given.length : Object.keys(given).length;
  if (count !== expected.length) {
    throw new StepError('TEMPLATE_PARAMS_MISMATCH', `The template "${request.template}" has ${expected.length} parameter(s) ({{1}}…), but ${count} were given`);
  }
}

/**
 * What the customer sees of an interactive message, as text: header, body, footer, then the
 * choices (`[Yes] [No]`, the list's rows with their ids, or the link).
 */
export function interactiveText(request: SendInteractiveRequest): string {
  const lines = [request.header ? `*${request.header}*` : null, request.body, request.footer ? `_${request.footer}_` : null];
  if (request.buttons) lines.push(request.buttons.map((button) => `[${button.title}]`).join(' '));
  if (request.list) {
    lines.push(`[${request.list.button}]`);
    for (const section of request.list.sections) {
      if (section.title) lines.push(section.title);
      for (const row of section.rows) lines.push(`- ${row.title}${row.description ? ` (${row.description})` : ''}`);
    }
  }
  if (request.cta) lines.push(`[${request.cta.text}](${request.cta.url})`);
  return lines.filter((line): line is string => line !== null).join('\n');
}

/** A media message as text: `[image] https://…` (or `[image] media:<id>`), then the caption. */
export function mediaText(request: SendMediaRequest): string {
  const name = request.filename ? ` ${request.filename}` : '';
  const source = request.mediaId ? `media:${request.mediaId}` : request.url;
  return `[${request.kind}${name}] ${source}${request.caption ? `\n${request.caption}` : ''}`;
}

/** A location as text: `[location] 52.52, 13.405`, then its name and address. */
export function locationText(request: SendLocationRequest): string {
  return [`[location] ${request.latitude}, ${request.longitude}`, request.name, request.address].filter((line): line is string => Boolean(line)).join('\n');
}

/** A contact card as text: `[contact] Dr. Lee`, then its phones, emails and links. */
export function contactText(request: SendContactRequest): string {
  const card = request.contact;
  return [
    `[contact] ${card.name.formattedName}`,
    card.company,
    ...card.phones.map((phone) => `${phone.type ? `${phone.type}: ` : ''}${phone.phone}`),
    ...card.emails.map((email) => `${email.type ? `${email.type}: ` : ''}${email.email}`),
    ...card.urls.map((url) => `${url.type ? `${url.type}: ` : ''}${url.url}`),
  ]
    .filter((line): line is string => Boolean(line))
    .join('\n');
}

/** Whether two renderings of a phone number are the same number (`+49 151…` and `+49151…`). */
function samePhone(a: string, b: string): boolean {
  const digits = (value: string) => value.replace(/[^0-9]/g, '');
  return digits(a) !== '' && digits(a) === digits(b);
}
