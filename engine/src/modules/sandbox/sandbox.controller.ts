import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { normalizePhone, sandboxInboundSchema as inboundSchema, type SandboxInbound } from '@switchboard/shared';
import type { EngineConfig } from '../../config/config';
import { ApiContract } from '../../common/api-body';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { CONFIG } from '../../runtime/tokens';
import { ConnectionsService } from '../connections/connections.service';
import type { ReceivedMessage } from '../conversations/conversations.service';
import { MessagesRepository } from '../messages/messages.repository';
import { InboundProcessor } from '../webhooks/inbound-processor';
import type { InboundContent } from '../webhooks/parsing/inbound-item';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { RateLimited } from '../workspaces/rate-limit.guard';


@ApiTags('sandbox')
@ApiBearerAuth()
@Controller('api/sandbox')
export class SandboxController {
  constructor(
    private readonly connections: ConnectionsService,
    private readonly processor: InboundProcessor,
    private readonly messages: MessagesRepository,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  /** The sandbox as a phone: every customer who received or sent messages on the sender, newest first. */
  @Get(':connectionId/customers')
  @ApiContract('GET /api/sandbox/:connectionId/customers')
  async customers(@CurrentWorkspace() workspace: WorkspaceRef, @Param('connectionId') connectionId: string) {
    const connection = await this.connections.resolve(workspace.id, connectionId);
    if (!connection || connection.provider !== 'whatsapp.sandbox') throw ApiError.notFound('Sandbox connection', connectionId);
    return { customers: await this.messages.customersOf(workspace.id, connection.id) };
  }

  /**
   * A customer writes to a sandbox sender. It goes through exactly what a provider's webhook
   * goes through: the message is stored once, opens or continues the conversation (24-hour
   * window, inactivity timer, STOP/START) and emits the conversation and message events.
   */
  @RateLimited('sandbox')
  @Post(':connectionId/inbound')
  @HttpCode(202)
  @ApiContract('POST /api/sandbox/:connectionId/inbound')
  async inbound(@CurrentWorkspace() workspace: WorkspaceRef, @Param('connectionId') connectionId: string, @Body() body: unknown) {
    const input = parseInput(inboundSchema, body);
    const connection = await this.connections.resolve(workspace.id, connectionId);
    if (!connection || connection.provider !== 'whatsapp.sandbox') throw ApiError.notFound('Sandbox connection', connectionId);
    const phone = normalizePhone(input.from, this.config.DEFAULT_PHONE_COUNTRY);
    if (!phone.ok) throw ApiError.invalid([{ field: 'from', message: phone.reason }]);

    const providerMessageId = `sandbox.in.${randomUUID()}`;
    const content = sandboxContent(input);
    const received = (await this.processor.handle(workspace, connection, {
      kind: 'message',
      providerMessageId,
      from: phone.e164,
      name: input.name ?? null,
      // A tapped button arrives as Meta's would: an interactive reply whose text is the title.
      type: input.buttonId ? 'interactive' : content.type,
      text: input.text ?? content.text,
      timestamp: new Date().toISOString(),
      phoneNumberId: null,
      contextMessageId: null,
      ...(input.buttonId ? { reply: { kind: 'button' as const, id: input.buttonId, title: input.text ?? input.buttonId } } : {}),
      ...content.fields,
      raw: input,
    })) as ReceivedMessage;
    return { messageId: received.messageId, conversationId: received.conversationId, eventId: providerMessageId, runs: received.runs };
  }
}

/**
 * A sandbox message's type, its text rendering (as `textOf` renders Meta's) and its content.
 * A sandbox file has no Meta media id, so it gets one of its own, which a sandbox send with
 * `mediaId: {{trigger.media.id}}` takes like Meta's would.
 */
function sandboxContent(input: SandboxInbound): { type: string; text: string; fields: InboundContent } {
  if (input.media) {
    const { kind, url, caption, filename, mimeType } = input.media;
    const media = { kind, id: `sandbox.media.${randomUUID()}`, url, mimeType: mimeType ?? null, sha256: null, caption: caption ?? null, filename: kind === 'document' ? (filename ?? null) : null };
    const text = caption || (media.filename ? `[document: ${media.filename}]` : `[${kind}]`);
    return { type: kind, text, fields: { media } };
  }
  if (input.location) {
    const { latitude, longitude, name, address } = input.location;
    return { type: 'location', text: '[location]', fields: { location: { latitude, longitude, name: name ?? null, address: address ?? null } } };
  }
  if (input.reaction) {
    const emoji = input.reaction.emoji || null;
    return { type: 'reaction', text: emoji ? `[reaction ${emoji}]` : '[reaction removed]', fields: { reaction: { messageId: input.reaction.messageId, emoji } } };
  }
  return { type: 'text', text: input.text ?? '', fields: {} };
}
