import { Injectable } from '@nestjs/common';
import type { NodePorts } from '@switchboard/nodes';
import type { PortFactory, StepIdentity } from '../execution/ports';
import { AlertsService } from '../modules/alerts/alerts.service';
import { CallerChannel } from '../runtime/caller-channel';
import { TasksService } from '../modules/tasks/tasks.service';
import { ContactsRepository } from '../modules/conversations/contacts.repository';
import { AiGateway } from './ai/ai-gateway';
import { EmailGateway } from './email/email-gateway';
import { HttpGateway } from './http/http-gateway';
import { WhatsAppGateway } from './whatsapp/whatsapp-gateway';

/** Binds every port to the step that runs, so side effects carry its idempotency key. */
@Injectable()
export class NodePortsFactory implements PortFactory {
  constructor(
    private readonly whatsapp: WhatsAppGateway,
    private readonly ai: AiGateway,
    private readonly email: EmailGateway,
    private readonly tasks: TasksService,
    private readonly alerts: AlertsService,
    private readonly http: HttpGateway,
    private readonly callers: CallerChannel,
    private readonly contacts: ContactsRepository,
  ) {}

  forStep(step: StepIdentity): NodePorts {
    const idempotencyKey = [step.runId, step.nodeId, step.scope].join(':');
    const origin = { workspaceId: step.workspaceId, runId: step.runId, flowId: step.flowId, nodeId: step.nodeId, idempotencyKey, outcomeDue: step.outcomeDue };
    return {
      whatsapp: this.whatsapp.forStep({
        workspaceId: step.workspaceId,
        runId: step.runId,
        nodeId: step.nodeId,
        idempotencyKey,
        rateSlotHeld: step.rateSlotHeld,
        outcomeDue: step.outcomeDue,
        inboundMessage: step.inboundMessage,
      }),
      ai: this.ai.forStep(origin),
      http: this.http.forStep({ ...origin, trace: step.trace }),
      email: this.email.forStep(origin),
      tasks: this.tasks.forStep(origin),
      alerts: this.alerts.forStep({ ...origin, isTest: step.isTest }),
      caller: { respond: (answer) => this.callers.answer(step.runId, answer) },
      contacts: {
        update: async (request) => {
          const row = await this.contacts.update(step.workspaceId, request.phone, { addTags: request.addTags, removeTags: request.removeTags, attributes: request.attributes });
          return { phone: row.phone, tags: row.tags, attributes: row.attributes };
        },
      },
    };
  }
}
