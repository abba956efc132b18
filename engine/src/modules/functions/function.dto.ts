import { z } from 'zod';

const text = (field: string, max: number) => z.string({ error: `${field} must be text` }).max(max, `${field} must be at most ${max} characters`);

/** `POST /api/functions/:name/invoke`: the call the agent is on, and the function's arguments. */
export const invokeSchema = z.object({
  callId: z.string({ error: 'callId is required: the id of the call the agent is on' }).trim().min(1, 'callId must not be empty').max(200, 'callId must be at most 200 characters'),
  customer: z
    .looseObject({ phone: text('customer.phone', 50).optional(), name: text('customer.name', 200).optional(), email: text('customer.email', 320).optional() }, { error: 'customer must be an object, e.g. { "phone": "+14155551234", "name": "Alex" }' })
    .default({}),
  agent: z.looseObject({ id: text('agent.id', 200).optional(), name: text('agent.name', 200).optional() }, { error: 'agent must be an object, e.g. { "id": "agent_riya", "name": "Riya" }' }).default({}),
  metadata: z.record(z.string(), z.unknown(), { error: 'metadata must be an object' }).default({}),
  arguments: z.record(z.string(), z.unknown(), { error: "arguments must be an object of the function's parameters" }).default({}),
});

export type InvokeBody = z.output<typeof invokeSchema>;

/** `GET /api/functions?agentId=`: only the functions offered to that agent (those naming no agents are offered to every agent). */
export const listFunctionsQuery = z.object({
  agentId: z.string({ error: 'agentId must be text' }).trim().min(1, 'agentId must not be empty').max(200, 'agentId must be at most 200 characters').optional(),
});
