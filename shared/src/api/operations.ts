import type { z } from 'zod';
import {
  acceptInvitationSchema,
  authProvidersSchema,
  createWorkspaceSchema,
  invitationPreviewSchema,
  inviteMemberSchema,
  loginSchema,
  memberInvitedSchema,
  memberListSchema,
  memberViewSchema,
  meViewSchema,
  oidcCallbackQuerySchema,
  oidcStartQuerySchema,
  passwordResetConfirmSchema,
  passwordResetRequestSchema,
  passwordResetSentSchema,
  signupSchema,
  updateMemberSchema,
  workspaceListSchema,
  workspaceMembershipSchema,
} from './accounts';
import { apiKeyCreatedSchema, apiKeyListSchema, createApiKeySchema } from './api-keys';
import { alertListQuerySchema, alertListSchema, alertViewSchema, updateAlertSchema } from './alerts';
import { activityListSchema, activityQuerySchema } from './activity';
import { funnelQuerySchema, messageFunnelSchema } from './analytics';
import { auditListQuerySchema, auditListSchema } from './audit';
import {
  campaignDetailQuerySchema,
  campaignDetailSchema,
  campaignListSchema,
  contactListQuerySchema,
  contactListSchema,
  contactViewSchema,
  createCampaignSchema,
  updateContactSchema,
  importContactsSchema,
  contactImportResultSchema,
} from './campaigns';
import { connectionListSchema, connectionTestResultSchema, connectionViewSchema, createConnectionSchema, templateCreatedSchema, templateListQuerySchema, templateListSchema, templateSyncResultSchema, updateConnectionSchema } from './connections';
import { createTemplateSchema } from './message-templates';
import {
  conversationDetailSchema,
  conversationListQuerySchema,
  conversationListSchema,
  customerErasureSchema,
  sandboxCustomerListSchema,
  sandboxInboundResultSchema,
  sandboxInboundSchema,
} from './conversations';
import { emailListQuerySchema, emailListSchema } from './emails';
import { eventAcceptedSchema, eventBodySchema, eventDuplicateSchema } from './events';
import {
  createFlowSchema,
  flowDocumentSchema,
  flowDocumentViewSchema,
  flowListSchema,
  flowPresenceSchema,
  flowTemplateListSchema,
  flowViewSchema,
  manualRunResultSchema,
  presenceHeartbeatSchema,
  publishResultSchema,
  runFlowSchema,
  testFlowSchema,
  testRunResultSchema,
  updateFlowSchema,
  validateFlowSchema,
  validateResultSchema,
  versionDetailSchema,
  versionListSchema,
} from './flows';
import { functionAnswerSchema, functionListAnswerSchema, functionPendingSchema, invokeQuery, invokeSchema, listFunctionsQuery } from './functions';
import { messageListQuerySchema, messageListSchema } from './messages';
import { nodeListSchema } from './nodes';
import { bulkRunActionSchema, bulkRunResultSchema, replayResultSchema, replayRunSchema, runListQuerySchema, runListSchema, runViewSchema } from './runs';
import { taskListQuerySchema, taskListSchema, taskViewSchema, updateTaskSchema } from './tasks';
import { deliveryListQuerySchema, deliveryListSchema, deliveryViewSchema } from './webhook-deliveries';
import { aiStatusSchema, healthSchema, queueBoardLinkSchema, textBodySchema, updateWorkspaceSchema, workspaceViewSchema } from './workspace';

/** One documented answer of an operation: its body's schema (`null`: no body), and how it is sent. */
export interface OperationAnswer<S extends z.ZodType | null = z.ZodType | null> {
  schema: S;
  description?: string;
  /** `application/json` unless given (a text body: `text/plain`). */
  contentType?: string;
}

/** One operation of the HTTP API: what it takes and what it answers, each a schema of `shared/src/api`. */
export interface OperationSpec {
  /** The query string's parameters (their values are text; the schema coerces). */
  query?: z.ZodType;
  /** The JSON request body. */
  body?: z.ZodType;
  bodyDescription?: string;
  /** Headers the operation reads besides `Authorization` (documented; a client may send them). */
  headers?: readonly ('Idempotency-Key')[];
  /** Every answer but the error envelope (which every operation may answer with a 4xx or 503), by status. */
  responses: { readonly [status: number]: OperationAnswer };
}

const json = <S extends z.ZodType>(schema: S, description?: string): OperationAnswer<S> => ({ schema, description });
const text = (description: string, contentType = 'text/plain'): OperationAnswer<typeof textBodySchema> => ({ schema: textBodySchema, description, contentType });
const none = (description = 'No content'): OperationAnswer<null> => ({ schema: null, description });

/**
 * Every operation the engine serves under `/api` (and its probes), keyed `METHOD /path` with
 * Fastify's `:param` syntax. The engine documents `/api/docs` from it, a test checks that the
 * route table and this table name the same operations and that every answer fits its schema,
 * and `@switchboard/client` takes its types from it.
 *
 * @example apiOperations['GET /api/runs/:id'].responses[200].schema.parse(body)
 */
export const apiOperations = {
  'GET /health': { responses: { 200: json(healthSchema, 'Postgres and Redis answer'), 503: json(healthSchema, 'A dependency does not answer') } },
  'GET /metrics': { responses: { 200: text('Prometheus text exposition format') } },

  'GET /api/nodes': { responses: { 200: json(nodeListSchema) } },
  'GET /api/ai/status': { responses: { 200: json(aiStatusSchema) } },
  'POST /api/admin/queues/link': { responses: { 201: json(queueBoardLinkSchema) } },
  'GET /api/workspace': { responses: { 200: json(workspaceViewSchema) } },
  'PATCH /api/workspace': { body: updateWorkspaceSchema, bodyDescription: 'Rename the workspace or change its settings (httpAllowedHosts)', responses: { 200: json(workspaceViewSchema) } },

  'GET /api/auth/providers': { responses: { 200: json(authProvidersSchema) } },
  'POST /api/auth/signup': {
    body: signupSchema,
    bodyDescription: 'A new account, signed in at once (an httpOnly session cookie). `invitation` joins the inviting workspace; `setup` (the first start\'s link) makes the first workspace\'s owner; with neither, a workspace of its own when SIGNUP is open',
    responses: { 201: json(meViewSchema) },
  },
  'POST /api/auth/login': { body: loginSchema, bodyDescription: 'Signs in: sets the httpOnly session cookie; `csrfToken` goes in `X-CSRF-Token` on every change', responses: { 200: json(meViewSchema) } },
  'POST /api/auth/logout': { responses: { 204: none('The session ends and its cookie is cleared') } },
  'POST /api/auth/password-reset': { body: passwordResetRequestSchema, bodyDescription: 'E-mails a reset link when the address has an account; the answer is the same either way', responses: { 202: json(passwordResetSentSchema) } },
  'POST /api/auth/password-reset/confirm': { body: passwordResetConfirmSchema, bodyDescription: 'Sets the new password, ends every session of the account and signs in', responses: { 200: json(meViewSchema) } },
  'GET /api/auth/oidc/start': {
    query: oidcStartQuerySchema,
    responses: { 302: none('To the OpenID provider to sign in (single sign-on, when configured); its answer comes back to /api/auth/oidc/callback. When it cannot start: to the editor\'s `/#/sign-in?error=…`') },
  },
  'GET /api/auth/oidc/callback': {
    query: oidcCallbackQuerySchema,
    responses: { 302: none('Signed in (the session cookie is set): to the editor\'s `/#<return>`. Refused or failed: to `/#/sign-in?error=<message>`') },
  },
  'GET /api/auth/invitations/:token': { responses: { 200: json(invitationPreviewSchema) } },
  'POST /api/auth/invitations/accept': { body: acceptInvitationSchema, bodyDescription: 'The signed-in person joins the workspace that invited their address', responses: { 200: json(meViewSchema) } },
  'GET /api/me': { responses: { 200: json(meViewSchema) } },
  'GET /api/workspaces': { responses: { 200: json(workspaceListSchema) } },
  'POST /api/workspaces': { body: createWorkspaceSchema, bodyDescription: 'A new workspace; the signed-in person is its owner', responses: { 201: json(workspaceMembershipSchema) } },
  'GET /api/members': { responses: { 200: json(memberListSchema) } },
  'POST /api/members': { body: inviteMemberSchema, bodyDescription: 'Invites an address by e-mail in a role; only an owner gives the owner role', responses: { 201: json(memberInvitedSchema) } },
  'PATCH /api/members/:id': { body: updateMemberSchema, bodyDescription: "Changes a member's or an invitation's role; the last owner stays an owner (409)", responses: { 200: json(memberViewSchema) } },
  'DELETE /api/members/:id': { responses: { 204: none('The member leaves the workspace (or the invitation is withdrawn); the last owner cannot (409)') } },

  'GET /api/api-keys': { responses: { 200: json(apiKeyListSchema) } },
  'POST /api/api-keys': {
    body: createApiKeySchema,
    bodyDescription: 'A new key: `scopes` of `admin` (everything), `read` (GET routes), `events:write` (POST /api/events and function invokes). Only an admin key manages keys. The secret `key` is in this answer only',
    responses: { 201: json(apiKeyCreatedSchema) },
  },
  'DELETE /api/api-keys/:id': { responses: { 204: none('Revoked at once, in every engine process; the last admin key of a workspace cannot be revoked (409)') } },
  'POST /api/connections': { body: createConnectionSchema, bodyDescription: 'A provider connection; secret fields are stored encrypted and never returned', responses: { 201: json(connectionViewSchema) } },
  'GET /api/connections': { responses: { 200: json(connectionListSchema) } },
  'GET /api/connections/:id': { responses: { 200: json(connectionViewSchema) } },
  'PATCH /api/connections/:id': { body: updateConnectionSchema, bodyDescription: 'Secrets left out keep their stored value', responses: { 200: json(connectionViewSchema) } },
  'DELETE /api/connections/:id': { responses: { 204: none() } },
  'POST /api/connections/:id/test': { responses: { 200: json(connectionTestResultSchema) } },
  'GET /api/connections/:id/templates': { query: templateListQuerySchema, responses: { 200: json(templateListSchema) } },
  'POST /api/connections/:id/templates/sync': { responses: { 200: json(templateSyncResultSchema) } },
  'POST /api/connections/:id/templates': {
    body: createTemplateSchema,
    bodyDescription:
      "A new template submitted to the provider for review (Meta and the sandbox; 422 for providers without a create API). Checked against Meta's rules first (400 naming each field); a template of that name and language already there answers 409. Its status, rejection reason and quality follow the provider's webhooks; a sandbox sender approves it after `SANDBOX_TEMPLATE_APPROVAL_MS`",
    responses: { 201: json(templateCreatedSchema) },
  },

  'GET /api/flow-templates': { responses: { 200: json(flowTemplateListSchema) } },
  'POST /api/flows': { body: createFlowSchema, bodyDescription: 'A draft; its graph is saved even when invalid', responses: { 201: json(flowViewSchema) } },
  'GET /api/flows': { responses: { 200: json(flowListSchema) } },
  'POST /api/flows/validate': { body: validateFlowSchema, responses: { 200: json(validateResultSchema) } },
  'POST /api/flows/import': { body: flowDocumentSchema, bodyDescription: 'The flow document, as export gives it', responses: { 201: json(flowViewSchema) } },
  'GET /api/flows/:id': { responses: { 200: json(flowViewSchema) } },
  'PUT /api/flows/:id': {
    body: updateFlowSchema,
    bodyDescription: 'Saves the draft, even an invalid one. With `baseRevision` (the `revision` the change was made on), a draft saved since answers 409 CONFLICT with `details.currentRevision` and stores nothing',
    responses: { 200: json(flowViewSchema) },
  },
  'DELETE /api/flows/:id': { responses: { 204: none() } },
  'POST /api/flows/:id/publish': { responses: { 200: json(publishResultSchema) } },
  'POST /api/flows/:id/unpublish': { responses: { 200: json(flowViewSchema) } },
  'POST /api/flows/:id/presence': {
    body: presenceHeartbeatSchema,
    bodyDescription: "An editor tab's heartbeat while it has the flow open (every few seconds, well within `ttlSeconds`); `open: false` when it leaves",
    responses: { 200: json(flowPresenceSchema) },
  },
  'GET /api/flows/:id/versions': { responses: { 200: json(versionListSchema) } },
  'GET /api/flows/:id/versions/:version': { responses: { 200: json(versionDetailSchema) } },
  'GET /api/flows/:id/export': { responses: { 200: json(flowDocumentViewSchema) } },
  'POST /api/flows/:id/test': { body: testFlowSchema, bodyDescription: "`event`: the trigger's event data (the trigger's sample when omitted); `target`: `draft` (default) or `published`", responses: { 202: json(testRunResultSchema) } },
  'POST /api/flows/:id/run': { body: runFlowSchema, bodyDescription: '`data`: the event data the run starts with', responses: { 202: json(manualRunResultSchema) } },

  'POST /api/events': {
    body: eventBodySchema,
    bodyDescription: '`type` is a trigger type of the node catalog (`GET /api/nodes`); `data` has the fields of that trigger\'s event (CONTRACT "Event data"), each of its type; `id` is unique per workspace',
    responses: { 202: json(eventAcceptedSchema, 'The runs the event started'), 200: json(eventDuplicateSchema, "An event id seen before: the first delivery's runs") },
  },
  'GET /api/runs': { query: runListQuerySchema, responses: { 200: json(runListSchema) } },
  'GET /api/runs/:id': { responses: { 200: json(runViewSchema) } },
  'POST /api/runs/:id/cancel': { responses: { 200: json(runViewSchema) } },
  'POST /api/runs/:id/retry': { responses: { 200: json(runViewSchema) } },
  'POST /api/runs/:id/replay': {
    body: replayRunSchema,
    bodyDescription: '`fromStep`: the node to run again from, on the current published version; the steps before it that succeeded are kept as they were',
    responses: { 202: json(replayResultSchema, 'The new run') },
  },
  'POST /api/runs/bulk': { body: bulkRunActionSchema, bodyDescription: '`action` retry or cancel, `runIds` (at most 200)', responses: { 200: json(bulkRunResultSchema) } },

  'GET /api/conversations': { query: conversationListQuerySchema, responses: { 200: json(conversationListSchema) } },
  'GET /api/conversations/:id': { responses: { 200: json(conversationDetailSchema) } },
  'POST /api/conversations/:id/close': { responses: { 200: json(conversationDetailSchema) } },
  'GET /api/contacts': { query: contactListQuerySchema, responses: { 200: json(contactListSchema) } },
  'POST /api/contacts/import': {
    body: importContactsSchema,
    bodyDescription: '`csv` (a header row naming `phone`, `name`, `tags` separated by `;`, and attribute columns) or `rows`; all or nothing: a 400 names every invalid row',
    responses: { 200: json(contactImportResultSchema) },
  },
  'GET /api/contacts/:phone': { responses: { 200: json(contactViewSchema) } },
  'PATCH /api/contacts/:phone': {
    body: updateContactSchema,
    bodyDescription: '`tags`: a list replaces them, `{ add, remove }` changes them; `attributes` are merged, `null` deletes one',
    responses: { 200: json(contactViewSchema) },
  },
  'DELETE /api/contacts/:phone': { responses: { 200: json(customerErasureSchema) } },
  'POST /api/campaigns': {
    body: createCampaignSchema,
    bodyDescription:
      'One approved template to an audience (`{ csv }`, `{ rows }` or `{ segment: { tags, attributes } }`), now or at `sendAt` (an instant, or a local time with `timeZone`: an IANA zone or `contact`); parameters are templates over `contact` (`{{contact.name}}`, `{{contact.attributes.city}}`)',
    responses: { 201: json(campaignDetailSchema) },
  },
  'GET /api/campaigns': { responses: { 200: json(campaignListSchema) } },
  'GET /api/campaigns/:id': { query: campaignDetailQuerySchema, responses: { 200: json(campaignDetailSchema) } },
  'POST /api/campaigns/:id/pause': { responses: { 200: json(campaignDetailSchema) } },
  'POST /api/campaigns/:id/resume': { responses: { 200: json(campaignDetailSchema) } },
  'POST /api/campaigns/:id/cancel': { responses: { 200: json(campaignDetailSchema) } },
  'GET /api/messages': { query: messageListQuerySchema, responses: { 200: json(messageListSchema) } },
  'GET /api/sandbox/:connectionId/customers': { responses: { 200: json(sandboxCustomerListSchema) } },
  'POST /api/sandbox/:connectionId/inbound': { body: sandboxInboundSchema, bodyDescription: 'A customer message to a sandbox sender', responses: { 202: json(sandboxInboundResultSchema) } },

  'GET /api/tasks': { query: taskListQuerySchema, responses: { 200: json(taskListSchema) } },
  'PATCH /api/tasks/:id': { body: updateTaskSchema, bodyDescription: 'Mark a task done or open, reassign it, change its priority, title or description', responses: { 200: json(taskViewSchema) } },
  'GET /api/alerts': { query: alertListQuerySchema, responses: { 200: json(alertListSchema) } },
  'GET /api/alerts/stream': { responses: { 200: text('Server-Sent Events: `event: alert` with an AlertView as JSON', 'text/event-stream') } },
  'PATCH /api/alerts/:id': { body: updateAlertSchema, bodyDescription: 'Mark an alert read or unread', responses: { 200: json(alertViewSchema) } },
  'GET /api/audit': { query: auditListQuerySchema, responses: { 200: json(auditListSchema) } },
  'GET /api/activity': { query: activityQuerySchema, responses: { 200: json(activityListSchema) } },
  'GET /api/analytics/messages': { query: funnelQuerySchema, responses: { 200: json(messageFunnelSchema, 'The delivery funnel per flow, template, sender or campaign, with failures by code and, with `interval`, a time series') } },
  'GET /api/emails': { query: emailListQuerySchema, responses: { 200: json(emailListSchema) } },
  'GET /api/webhook-deliveries': { query: deliveryListQuerySchema, responses: { 200: json(deliveryListSchema) } },
  'POST /api/webhook-deliveries/:id/retry': { responses: { 202: json(deliveryViewSchema) } },

  'GET /api/functions': { query: listFunctionsQuery, responses: { 200: json(functionListAnswerSchema, 'FunctionList for format=openai (the default), PlatformFunctionList for a voice platform') } },
  'POST /api/functions/:name/invoke': {
    query: invokeQuery,
    body: invokeSchema,
    bodyDescription: "`arguments` must satisfy the function's `parameters` schema; a mistake answers 400 naming the field (`arguments.amount`) and starts nothing. With `?format=vapi|retell|elevenlabs|bland` the body is that platform's own tool request (Vapi's `tool-calls` message, Retell's `{ name, call, args }`, ElevenLabs' and Bland's arguments object) and the answer is the platform's shape",
    headers: ['Idempotency-Key'],
    responses: {
      200: json(functionAnswerSchema, "The flow's Respond body (JSON or text), or `{ runId, status }` when the run ended without one"),
      202: json(functionPendingSchema, "The function's timeoutMs passed; the run goes on"),
    },
  },
} as const satisfies Record<string, OperationSpec>;

export type ApiOperations = typeof apiOperations;
/** `'GET /api/runs/:id'`, … */
export type OperationId = keyof ApiOperations;
export type OperationMethod<K extends OperationId> = K extends `${infer M} ${string}` ? M : never;
export type OperationPath<K extends OperationId> = K extends `${string} ${infer P}` ? P : never;

/** `{ id: string, version: string }` for `/api/flows/:id/versions/:version`; `{}` without parameters. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? { [key in Name]: string } & PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? { [key in Name]: string }
    : Record<never, never>;

/** What an operation's query string takes (`never` when it takes none). */
export type OperationQuery<K extends OperationId> = ApiOperations[K] extends { query: infer Q extends z.ZodType } ? z.input<Q> : never;
/** What an operation's body takes (`never` when it takes none). */
export type OperationBody<K extends OperationId> = ApiOperations[K] extends { body: infer B extends z.ZodType } ? z.input<B> : never;

type SuccessStatus = 200 | 201 | 202 | 204;
type AnswerBody<A> = A extends { schema: infer S } ? (S extends z.ZodType ? z.output<S> : undefined) : never;
/** The body of an operation's success answers (a union when it has several, e.g. `POST /api/events`: 202 or a duplicate's 200). */
export type OperationResponse<K extends OperationId> = {
  [S in keyof ApiOperations[K]['responses'] & SuccessStatus]: AnswerBody<ApiOperations[K]['responses'][S]>;
}[keyof ApiOperations[K]['responses'] & SuccessStatus];

/** One row of the table, with its method and path spelled out. */
export interface ApiOperation extends OperationSpec {
  id: OperationId;
  method: string;
  path: string;
}

/** The table as a list, in its order. */
export function operationList(): ApiOperation[] {
  return (Object.entries(apiOperations) as Array<[OperationId, OperationSpec]>).map(([id, spec]) => {
    const [method, path] = id.split(' ') as [string, string];
    return { ...spec, id, method, path };
  });
}

/** The operation `METHOD /path` (Fastify's `:param` syntax), if the table has it. */
export function operationOf(method: string, path: string): ApiOperation | undefined {
  const id = `${method.toUpperCase()} ${path}`;
  return id in apiOperations ? { ...(apiOperations as Record<string, OperationSpec>)[id]!, id: id as OperationId, method: method.toUpperCase(), path } : undefined;
}
