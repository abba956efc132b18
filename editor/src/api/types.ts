/**
 * The API's answers as the editor reads them: the types of the contract in `@switchboard/shared`
 * (`shared/src/api`, one zod schema per answer, the same that documents `/api/docs` and that a
 * test checks every route against). Nothing here is written by hand but `JsonSchema`, the
 * vocabulary of the node catalog's config schemas.
 */
import type { LoopIteration, NodeDescriptionView, RunSummary, StepView } from '@switchboard/shared';

export type {
  AiStatus,
  ApiKeyCreated,
  ApiKeyScope,
  ApiKeyView,
  AlertList,
  AlertView,
  ConnectionList,
  ConnectionTestResult,
  ConnectionView,
  ConversationDetail as ConversationDetailView,
  ConversationList,
  ConversationView,
  CustomerErasure as CustomerErasureView,
  EmailList,
  EmailView,
  FlowDocumentView,
  FlowList,
  FlowTemplateList,
  FlowTemplateView,
  FlowView,
  FunctionList,
  FunctionView,
  LoopIteration,
  InteractiveMessage,
  MediaMessage,
  MessageList,
  MessageView,
  PublishResult,
  RunList as RunPage,
  RunSummary,
  RunView,
  StepErrorView as StepError,
  SandboxInboundResult,
  StepView,
  TaskList,
  TaskPatch,
  TaskPriority,
  TaskStatus,
  TaskView,
  TemplateList,
  TemplateSyncResult,
  TemplateView,
  TestRunResult,
  ToolDefinition,
  VersionDetail,
  VersionList,
  VersionView,
  WebhookUrls,
  WorkspaceView,
} from '@switchboard/shared';

export type RunStatus = RunSummary['status'];
export type StepStatus = StepView['status'];
export type IterationStatus = LoopIteration['status'];

/** `GET /api/nodes`: one node type and version of the catalog, its config schema read as `JsonSchema`. */
export type NodeDescription = Omit<NodeDescriptionView, 'configSchema'> & { configSchema: JsonSchema };

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
