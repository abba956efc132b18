import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { EngineConfig } from '../../config/config';
import { CONFIG, LOGGER } from '../../runtime/tokens';
import { EmailsRepository, type EmailAudience } from '../email/emails.repository';

/** A mail the engine sends on its own behalf (an invitation, a password reset). */
export interface SystemMail {
  to: string;
  subject: string;
  /** The link the mail exists for (also logged when no SMTP server is configured). */
  link: string;
  html: string;
  /** The workspace whose captured-mail view keeps a copy, and who there may read it. */
  keepIn: { workspaceId: string; audience: EmailAudience } | null;
}

/**
 * Sends the engine's own mails through SMTP_URL (from SMTP_FROM). Without SMTP_URL the mail is
 * captured: kept in the `keepIn` workspace's mail view for its admins or owners only (the link
 * signs someone in) and its link logged for the operator. A copy of a sent mail is kept too.
 */
@Injectable()
export class SystemMailer implements OnApplicationShutdown {
  private transport: Transporter | null = null;

  constructor(
    private readonly emails: EmailsRepository,
    @Inject(CONFIG) private readonly config: EngineConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async send(mail: SystemMail): Promise<void> {
    let delivery: 'sent' | 'captured' = 'captured';
    let messageId = `captured-${Date.now()}`;
    if (this.config.SMTP_URL) {
      const ms = this.config.SMTP_TIMEOUT_MS;
      this.transport ??= createTransport({ url: this.config.SMTP_URL, connectionTimeout: ms, greetingTimeout: ms, socketTimeout: ms } as Parameters<typeof createTransport>[0]);
      const info = (await this.transport.sendMail({ from: this.config.SMTP_FROM, to: mail.to, subject: mail.subject, html: mail.html })) as { messageId?: string };
      delivery = 'sent';
      messageId = info.messageId ?? messageId;
    } else {
      this.logger.info({ to: mail.to, link: mail.link }, `no SMTP_URL: "${mail.subject}" is captured, not sent`);
    }
    if (mail.keepIn) {
      await this.emails.insertSystem({ workspaceId: mail.keepIn.workspaceId, audience: mail.keepIn.audience, from: this.config.SMTP_FROM, to: [mail.to], subject: mail.subject, html: mail.html, delivery, messageId });
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}

/** Escapes text for an HTML mail body. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
