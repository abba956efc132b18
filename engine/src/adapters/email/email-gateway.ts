import type { Socket } from 'node:net';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PROVIDERS, remoteExcerpt, StepError } from '@switchboard/shared';
import type { EmailPort, EmailRequest, SentEmail } from '@switchboard/nodes';
import { createTransport, type Transporter } from 'nodemailer';
import type { EngineConfig } from '../../config/config';
import { ConnectionsService } from '../../modules/connections/connections.service';
import { EmailsRepository, type EmailDelivery } from '../../modules/email/emails.repository';
import { CONFIG } from '../../runtime/tokens';
import { OutboundPolicy, type OutboundAccess } from '../outbound/outbound-policy';

/** The step an email belongs to. */
export interface EmailOrigin {
  workspaceId: string;
  runId: string;
  flowId: string;
  nodeId: string;
  idempotencyKey: string;
}

interface SmtpTarget {
  key: string;
  connectionId: string | null;
  from: string;
  options: string | Record<string, unknown>;
  /** What a mail whose hand-over stayed unknown becomes (the connection's `unknownOutcome`). */
  unknownOutcome: 'fail' | 'resend';
  /** A connection's server is reached under the outbound policy; `SMTP_URL` (operator configuration) is not. */
  outbound: OutboundAccess | null;
}

/**
 * The email port: SMTP through nodemailer (the step's `smtp` connection, else `SMTP_URL`),
 * or, with neither, a captured mail listed at `GET /api/emails`. The mail is stored under the
 * step's idempotency key before the server is called, so a retry after a crash never sends it
 * twice; SMTP failures are classified (4xx and network retryable, 5xx and auth permanent).
 * A mail whose hand-over may have succeeded (the server went silent or the connection broke
 * once the session was open, e.g. after DATA; a crash before the answer was stored) is
 * `unknown`: mail servers send no report to wait for, so the connection's `unknownOutcome`
 * decides at once — `fail` (default) fails the step with OUTCOME_UNKNOWN, `resend` sends it
 * again. A retry of the run (`POST /api/runs/:id/retry`) sends it again on purpose.
 */
@Injectable()
export class EmailGateway implements OnApplicationShutdown {
  private readonly transports = new Map<string, Transporter>();

  constructor(
    private readonly connections: ConnectionsService,
    private readonly emails: EmailsRepository,
    @Inject(CONFIG) private readonly config: EngineConfig,
    private readonly outbound: OutboundPolicy,
  ) {}

  forStep(origin: EmailOrigin): EmailPort {
    return { send: (request) => this.send(origin, request) };
  }

  private async send(origin: EmailOrigin, request: EmailRequest): Promise<SentEmail> {
    const target = await this.targetFor(origin.workspaceId, request.connectionId);
    const from = target?.from ?? this.config.SMTP_FROM;
    const claim = await this.claim(origin, request, from, target?.connectionId ?? null, target?.unknownOutcome ?? 'fail');
    if ('done' in claim) return claim.done;
    const emailId = claim.emailId;
    if (!target) {
      const messageId = `<${emailId}@switchboard.local>`;
      await this.emails.delivered(emailId, 'captured', messageId);
      return { emailId, messageId, to: request.to, delivery: 'captured' };
    }
    try {
      const info = (await this.transport(target).sendMail({ from, to: request.to, subject: request.subject, html: request.html })) as { messageId?: string };
      const messageId = info.messageId ?? `<${emailId}@switchboard.local>`;
      await this.emails.delivered(emailId, 'sent', messageId);
      return { emailId, messageId, to: request.to, delivery: 'sent' };
    } catch (thrown) {
      const error = classify(thrown);
      if (mayHaveArrived(thrown) && target.unknownOutcome === 'fail') {
        await this.emails.undelivered(emailId, 'unknown', error.message);
        throw new StepError('OUTCOME_UNKNOWN', `${error.message}. The mail server may have taken the email before the connection broke, so it is not sent again; check the mailbox, then retry the run if it did not arrive.`, { retryable: false });
      }
      await this.emails.undelivered(emailId, 'failed', error.message);
      throw error;
    }
  }

  /** Stores the mail as pending under the step's key; a stored mail from an earlier attempt decides what happens. */
  private async claim(origin: EmailOrigin, request: EmailRequest, from: string, connectionId: string | null, unknownOutcome: 'fail' | 'resend'): Promise<{ emailId: string } | { done: SentEmail }> {
    const email = { workspaceId: origin.workspaceId, connectionId, from, to: request.to, subject: request.subject, html: request.html, runId: origin.runId, flowId: origin.flowId, nodeId: origin.nodeId, idempotencyKey: origin.idempotencyKey };
    const id = await this.emails.insertPending(email);
    if (id) return { emailId: id };
    const existing = (await this.emails.byKey(origin.idempotencyKey))!;
    if (existing.delivery === 'sent' || existing.delivery === 'captured') {
      return { done: { emailId: existing.id, messageId: existing.messageId ?? '', to: existing.to, delivery: existing.delivery } };
    }
    // A failed attempt may be retried: claim it again (only one retry wins the claim); under the
    // `resend` policy, so may one whose outcome stayed unknown (`pending` after a crash, `unknown`).
    const reclaimable: EmailDelivery[] = unknownOutcome === 'resend' ? ['failed', 'pending', 'unknown'] : ['failed'];
    if (await this.emails.reclaim(existing.id, email, reclaimable)) return { emailId: existing.id };
    throw new StepError('OUTCOME_UNKNOWN', 'An earlier attempt of this step stopped while handing the email to the mail server; it is not sent again, to avoid sending it twice. Check the mailbox, then retry the run if it did not arrive.');
  }

  /** Connects and logs in to a connection's SMTP server without sending anything; throws the classified error. */
  async test(workspaceId: string, connectionId: string): Promise<string> {
    const target = (await this.targetFor(workspaceId, connectionId))!;
    try {
      await this.transport(target).verify();
    } catch (thrown) {
      throw classify(thrown);
    }
    return 'The mail server accepted the connection and the login.';
  }

  private async targetFor(workspaceId: string, connectionId: string | undefined): Promise<SmtpTarget | null> {
    if (connectionId) {
      const connection = await this.connections.resolve(workspaceId, connectionId);
      if (!connection) throw new StepError('CONNECTION_NOT_FOUND', `SMTP connection ${connectionId} does not exist in this workspace`);
      if (PROVIDERS[connection.provider]?.channel !== 'smtp') throw new StepError('CONFIG_INVALID', `connection ${connectionId} is a ${connection.provider} connection, not an SMTP server`);
      const config = connection.config as { url?: string; host?: string; port?: number; secure?: boolean; user?: string; password?: string; from: string; unknownOutcome?: string };
      const options = config.url
        ? config.url
        : { host: config.host, port: config.port, secure: config.secure, ...(config.user ? { auth: { user: config.user, pass: config.password ?? '' } } : {}) };
      const unknownOutcome = config.unknownOutcome === 'resend' ? 'resend' : 'fail';
      const outbound = await this.outbound.forWorkspace(workspaceId);
      const key = `${connection.id}:${JSON.stringify(options)}:${JSON.stringify(outbound.allowed)}`;
      return { key, connectionId: connection.id, from: config.from, options, unknownOutcome, outbound };
    }
    if (this.config.SMTP_URL) return { key: 'SMTP_URL', connectionId: null, from: this.config.SMTP_FROM, options: this.config.SMTP_URL, unknownOutcome: 'fail', outbound: null };
    return null;
  }

  private transport(target: SmtpTarget): Transporter {
    let transport = this.transports.get(target.key);
    if (!transport) {
      const ms = this.config.SMTP_TIMEOUT_MS;
      const timeouts = { connectionTimeout: ms, greetingTimeout: ms, socketTimeout: ms };
      const options = typeof target.options === 'string' ? { url: target.options } : target.options;
      const outbound = target.outbound;
      // Every connection of a user's SMTP server is opened here, under the outbound policy: the
      // address is checked in the socket's own lookup and that socket is handed to nodemailer,
      // which keeps the host name for TLS (SNI and the certificate check).
      const getSocket = outbound ? (socketOptions: SocketOptions, callback: SocketCallback) => openSocket(outbound, socketOptions, ms, callback) : undefined;
      transport = createTransport({ ...options, ...timeouts, ...(getSocket ? { getSocket } : {}) } as Parameters<typeof createTransport>[0]);
      this.transports.set(target.key, transport);
    }
    return transport;
  }

  onApplicationShutdown(): void {
    for (const transport of this.transports.values()) transport.close();
  }
}

type SocketOptions = { host?: string; port?: number | string; secure?: boolean };
type SocketCallback = (error: Error | null, socket?: { connection: Socket }) => void;

function openSocket(outbound: OutboundAccess, options: SocketOptions, timeoutMs: number, callback: SocketCallback): void {
  const host = options.host ?? 'localhost';
  // nodemailer's own default port: 465 for TLS from the first byte, else 587.
  const port = Number(options.port) || (options.secure ? 465 : 587);
  outbound.connect(host, port, timeoutMs).then(
    (connection) => callback(null, { connection }),
    (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
  );
}

/**
 * Whether an SMTP failure may have come after the server took the mail: the connection went
 * silent (nodemailer's inactivity timeout, which covers waiting for the answer to the end of
 * DATA) or broke (reset, closed) once the session was open. Failures while connecting or
 * waiting for the greeting, and any answer with a reply code, are known outcomes.
 */
export function mayHaveArrived(thrown: unknown): boolean {
  const error = thrown as { code?: string; originalCode?: string; timeoutType?: string; responseCode?: number };
  if (typeof error.responseCode === 'number') return false;
  if (error.timeoutType === 'SOCKET_TIMEOUT') return true;
  return (error.code === 'ESOCKET' || error.code === 'ECONNECTION') && (error.originalCode === 'ECONNRESET' || error.originalCode === 'EPIPE');
}

/** An SMTP failure as a step error: 5xx and bad credentials are permanent, the rest retryable. */
export function classify(thrown: unknown): StepError {
  // Refused by the outbound policy before anything was sent.
  if (thrown instanceof StepError) return thrown;
  const error = thrown as { code?: string; responseCode?: number; response?: string; message?: string };
  // What the server answered, short and masked: it may be an internal service.
  const detail = remoteExcerpt(error.response ?? error.message ?? String(thrown));
  if (error.code === 'EAUTH') return new StepError('PROVIDER_AUTH', `The mail server refused the login: ${detail}`);
  if (typeof error.responseCode === 'number') {
    if (error.responseCode >= 500) return new StepError('EMAIL_REJECTED', `The mail server rejected the email (${error.responseCode}): ${detail}`);
    if (error.responseCode >= 400) return new StepError('PROVIDER_UNAVAILABLE', `The mail server deferred the email (${error.responseCode}): ${detail}`);
  }
  if (error.code === 'ETIMEDOUT') return new StepError('TIMEOUT', `The mail server did not answer in time: ${detail}`);
  return new StepError('NETWORK', `The mail server could not be reached: ${detail}`);
}
