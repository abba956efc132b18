import type { FlowGraph, GraphProblem } from '@switchboard/shared';

/** `GET /api/nodes`: one node type and version of the catalog. */
export interface NodeDescription {
  type: string;
  kind: 'trigger' | 'action';
  typeVersion: number;
  title: string;
  description: string;
  category: string;
  icon: string;
  /** JSON Schema of the config; fields may carry `x-widget` hints (condition, connection, phone, textarea, cron, whatsapp-template, json-schema). */
  configSchema: JsonSchema;
  /** Handles that exist whatever the config (`default`, `error`, `else`…). */
  outputs: string[];
  /** Handles named by the config, drawn before `outputs`: the keys of `config[from][*][key]`. */
  dynamicOutputs?: { from: string; key: string };
  computedOutputs?: true;
  sampleEvent?: Record<string, unknown>;
  sideEffect?: boolean;
  retry?: { attempts: number; backoffMs: number };
  sampleOutput?: Record<string, unknown>;
  dynamicOutputFields?: { from: string; key?: string };
  /** Triggers: the sender waits for the run's answer (`always`: an in-call function; `when_answered`: a webhook, when the flow has a Respond step). */
  callerWaits?: 'always' | 'when_answered';
  /** Actions: the node answers that waiting caller (`flow.respond`), so it belongs only after such a trigger. */
  answersCaller?: true;
}

/** The subset of JSON Schema the catalog produces (zod 4's `toJSONSchema`). */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  title?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  pattern?: string;
  format?: string;
  [hint: `x-${string}`]: unknown;
}

export interface FlowView {
  id: string;
  name: string;
  description: string;
  status: 'draft' | 'published';
  triggerType: string | null;
  graph: FlowGraph;
  valid: boolean;
  problems: GraphProblem[];
  publishedVersionId: string | null;
  publishedVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface VersionView {
  id: string;
  version: number;
  name: string;
  triggerType: string;
  published: boolean;
  createdAt: string;
}

export interface FlowTemplateView {
  id: string;
  name: string;
  description: string;
  category: string;
  source: string;
  triggerType: string | null;
  steps: Array<{ id: string; type: string; title: string }>;
  graph: FlowGraph;
}

export type RunStatus = 'queued' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';
export type StepStatus = 'pending' | 'running' | 'waiting' | 'succeeded' | 'failed' | 'skipped';

export interface StepError {
  code: string;
  message: string;
  retryable: boolean;
  details?: unknown;
}

export interface RunSummary {
  id: string;
  flowId: string;
  flowVersionId: string;
  status: RunStatus;
  isTest: boolean;
  error: StepError | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface StepView {
  nodeId: string;
  type: string;
  name: string;
  status: StepStatus;
  handle: string | null;
  input: unknown;
  output: unknown;
  error: StepError | null;
  warnings: string[];
  attempts: number;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** A step inside a loop's body: the loop's node id (the step ran once per item; see the loop's `iterations`). */
  loopId?: string;
  /**
   * A loop step: its iterations as far as they ran, each with its own steps. A step inside a
   * loop's body: how many times it ran (its status then sums up every iteration).
   */
  iterations?: number | LoopIteration[];
}

export type IterationStatus = 'running' | 'waiting' | 'succeeded' | 'failed';

/** One item's pass through a loop's body (`GET /api/runs/:id`, on the loop's step). */
export interface LoopIteration {
  index: number;
  item: unknown;
  status: IterationStatus;
  /** The body's steps in the flow's order, as they ran for this item. */
  steps: StepView[];
}

/** A finished loop's output: every item's result, in item order. */
export interface LoopOutput {
  count: number;
  succeeded: number;
  failed: number;
  results: Array<{ index: number; item: unknown; status: 'succeeded' | 'failed'; outputs: Record<string, unknown>; error?: StepError }>;
}

export interface RunView extends RunSummary {
  flowName: string | null;
  version: number | null;
  event: { id: string; type: string } | null;
  steps: StepView[];
}

export interface ConnectionView {
  id: string;
  name: string;
  provider: string;
  config: Record<string, unknown>;
  secrets: string[];
  webhookUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface TemplateView {
  name: string;
  language: string;
  status: string;
  category: string | null;
  body: string | null;
  parameterFormat: 'positional' | 'named';
  parameters: string[];
  syncedAt: string;
}

export interface MessageView {
  id: string;
  connectionId: string;
  direction: 'inbound' | 'outbound';
  customer: string;
  customerName: string | null;
  conversationId: string | null;
  kind: 'template' | 'text';
  template: string | null;
  language: string | null;
  parameters: unknown;
  text: string | null;
  providerMessageId: string | null;
  status: string;
  error: StepError | null;
  runId: string | null;
  nodeId: string | null;
  createdAt: string;
  statusAt: string | null;
  updatedAt: string;
}

export interface ConversationView {
  id: string;
  connectionId: string;
  customer: { phone: string; name: string | null };
  status: 'open' | 'closed';
  startedAt: string;
  lastMessageAt: string;
  lastInboundAt: string | null;
  windowEndsAt: string | null;
  inactivityMinutes: number;
  closedAt: string | null;
  closeReason: 'inactivity' | 'closed' | null;
  messageCount: number | null;
  messages?: MessageView[];
}

/** `DELETE /api/contacts/:phone`: what erasing one customer removed, by table. */
export interface CustomerErasureView {
  phone: string;
  erased: {
    messages: number;
    messageStatuses: number;
    conversations: number;
    contacts: number;
    aiConversations: number;
    runs: number;
    cancelledRuns: number;
    emails: number;
    tasks: number;
    alerts: number;
    webhookDeliveries: number;
  };
  /** The customer had opted out: the bare opt-out stays so they stay opted out. */
  optOutKept: boolean;
}

export type TaskPriority = 'low' | 'medium' | 'high' | 'urgent';
export type TaskStatus = 'open' | 'done';

/** `GET /api/tasks`: a follow-up task a flow's `task.create` step made, worked through the Inbox. */
export interface TaskView {
  id: string;
  title: string;
  description: string;
  priority: TaskPriority;
  status: TaskStatus;
  assignee: string | null;
  runId: string | null;
  flowId: string | null;
  /** The conversation the task is about: a WhatsApp conversation id or a call id. */
  conversationId: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

/** What `PATCH /api/tasks/:id` may change. */
export type TaskPatch = Partial<Pick<TaskView, 'status' | 'assignee' | 'priority' | 'title' | 'description'>>;

/** `GET /api/alerts` and the `alert` events of `GET /api/alerts/stream`: an in-app alert for the team. */
export interface AlertView {
  id: string;
  message: string;
  /** `"all"` team members, or the names or emails chosen in the step. */
  recipients: 'all' | string[];
  /** `flow`: raised by an `alert.team` step; `run_failed`: a run failed for good. */
  kind: 'flow' | 'run_failed';
  runId: string | null;
  flowId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** `GET /api/emails`: an email a step sent, or captured when no SMTP server is configured. */
export interface EmailView {
  id: string;
  to: string[];
  from: string;
  subject: string;
  html: string;
  /** `captured`: no SMTP server is configured (`SMTP_URL` or an `smtp` connection), so it was kept for the Emails page only. */
  delivery: 'sent' | 'captured' | 'failed';
  error: string | null;
  messageId: string | null;
  runId: string | null;
  flowId: string | null;
  nodeId: string | null;
  createdAt: string;
}

/** `GET /api/ai/status`: the engine-wide default model; `offline` when none is configured and the offline rules answer. */
export interface AiStatus {
  model: string | null;
  offline: boolean;
}

/** Tokens a model reported for one answer (in AI steps' outputs, as `usage`). */
export interface AiUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** A tool definition in the OpenAI function-calling format, exactly as a voice agent registers it. */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

/** `GET /api/functions`: one published in-call function with what Switchboard adds to its tool definition. */
export interface FunctionView {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  /** The agent ids it is offered to; null: every agent. */
  agents: string[] | null;
  timeoutMs: number;
  invokeUrl: string;
  flowId: string;
  flowName: string;
}

/** `GET /api/functions`: `tools[i]` is the tool definition of `functions[i]`. */
export interface FunctionList {
  tools: ToolDefinition[];
  functions: FunctionView[];
  /** `<PUBLIC_URL>/api/functions/{name}/invoke`: where a function is invoked, published or not yet. */
  invokeUrlTemplate: string;
}
