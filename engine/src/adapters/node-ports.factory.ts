import { Injectable } from '@nestjs/common';
import type { NodePorts } from '@switchboard/nodes';
import type { PortFactory } from '../execution/ports';
import { WhatsAppGateway } from './whatsapp/whatsapp-gateway';

/** Binds every port to the step that runs, so side effects carry its idempotency key. */
@Injectable()
export class NodePortsFactory implements PortFactory {
  constructor(private readonly whatsapp: WhatsAppGateway) {}

  forStep(step: { workspaceId: string; runId: string; nodeId: string; scope: string; isTest: boolean; rateSlotHeld?: boolean }): NodePorts {
    const idempotencyKey = [step.runId, step.nodeId, step.scope].join(':');
    return {
      whatsapp: this.whatsapp.forStep({ workspaceId: step.workspaceId, runId: step.runId, nodeId: step.nodeId, idempotencyKey, rateSlotHeld: step.rateSlotHeld }),
    };
  }
}
