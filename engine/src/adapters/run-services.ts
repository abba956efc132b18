import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AiFieldType } from '@switchboard/nodes';
import type { RunServices } from '../execution/ports';
import { AlertsService } from '../modules/alerts/alerts.service';
import { AiGateway } from './ai/ai-gateway';

/** The execution core's AI and alert needs outside steps, served by the AI gateway and team alerts. */
@Injectable()
export class EngineRunServices implements RunServices {
  constructor(
    private readonly ai: AiGateway,
    private readonly alerts: AlertsService,
  ) {}

  extractVariables(workspaceId: string, request: { text: string; names: string[]; referenceDate: string }): Promise<Record<string, unknown>> {
    const fields = request.names.map((name) => ({ name, type: typeFromName(name), description: name.replace(/_/g, ' ') }));
    return this.ai.extract(workspaceId, { text: request.text, fields, referenceDate: request.referenceDate });
  }

  async judge(workspaceId: string, connectionId: string | undefined, question: string, text: string): Promise<{ result: boolean; reason?: string }> {
    const decision = await this.ai.decide(workspaceId, connectionId, question, text);
    return { result: decision.result, ...(decision.reason ? { reason: decision.reason } : {}) };
  }

  async runFailed(run: { workspaceId: string; runId: string; flowId: string; flowName: string; nodeId: string; error: { code: string; message: string } }): Promise<void> {
    await this.alerts.raise({
      workspaceId: run.workspaceId,
      kind: 'run_failed',
      runId: run.runId,
      flowId: run.flowId,
      recipients: 'all',
      message: `"${run.flowName}" failed at step ${run.nodeId}: ${run.error.code}, ${run.error.message}`,
      // Called once per stored failure (the executor only announces a write it applied).
      idempotencyKey: `run-failed:${run.runId}:${randomUUID()}`,
    });
  }

  async judgeFailed(info: { workspaceId: string; flowId: string; flowName: string; eventId: string; error: unknown }): Promise<void> {
    const reason = info.error instanceof Error ? info.error.message : String(info.error);
    await this.alerts.raise({
      workspaceId: info.workspaceId,
      kind: 'run_failed',
      flowId: info.flowId,
      recipients: 'all',
      message: `"${info.flowName}" did not start for event ${info.eventId}: its AI condition could not be judged (${reason})`,
      idempotencyKey: `judge-failed:${info.flowId}:${info.eventId}`,
    });
  }
}

/** `appointment_date` → date, `appointment_time` → time, `…_at` → datetime; else text. */
export function typeFromName(name: string): AiFieldType {
  if (/(^|_)date$/.test(name)) return 'date';
  if (/(^|_)time$/.test(name)) return 'time';
  if (/(_at|_datetime)$/.test(name)) return 'datetime';
  return 'string';
}
