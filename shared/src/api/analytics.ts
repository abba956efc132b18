import { z } from 'zod';
import { apiSchema, instant } from './registry';

/** What the delivery funnel groups outbound messages by: the flow, the template, the sender (connection) or the campaign of the run that sent them. */
export const FUNNEL_GROUP_BYS = ['flow', 'template', 'sender', 'campaign'] as const;
export type FunnelGroupBy = (typeof FUNNEL_GROUP_BYS)[number];

/** The buckets of the funnel's time series. */
export const FUNNEL_INTERVALS = ['day', 'hour'] as const;
export type FunnelInterval = (typeof FUNNEL_INTERVALS)[number];

/** The longest period one request may ask for, in days. */
export const FUNNEL_MAX_DAYS = 400;
/** The period when `from` is not given: the last 7 days up to `to`. */
export const FUNNEL_DEFAULT_DAYS = 7;
/** A customer's message within this many hours after an outbound message is a reply to it. */
export const FUNNEL_REPLY_HOURS = 72;
/** At most this many hourly buckets (hourly series over a long period would be unreadable and heavy). */
export const FUNNEL_MAX_HOURLY_DAYS = 31;

/**
 * `GET /api/analytics/messages?groupBy&from&to&flowId&connectionId&campaignId&template&includeTests&interval`:
 * the delivery funnel of the outbound messages created in `[from, to)`. `from` defaults to 7
 * days before `to`, `to` to now; the period is at most 400 days (`interval=hour`: 31). Test runs'
 * messages are left out unless `includeTests=true`.
 */
export const funnelQuerySchema = z
  .object({
    groupBy: z.enum(FUNNEL_GROUP_BYS, { error: `groupBy must be one of: ${FUNNEL_GROUP_BYS.join(', ')}` }),
    from: z.iso.datetime({ offset: true, error: 'from is an ISO 8601 instant' }).optional(),
    to: z.iso.datetime({ offset: true, error: 'to is an ISO 8601 instant' }).optional(),
    flowId: z.uuid('flowId must be a flow id').optional(),
    connectionId: z.uuid('connectionId must be a connection id').optional(),
    campaignId: z.string().min(1, 'campaignId must not be empty').max(200, 'campaignId is at most 200 characters').optional(),
    template: z.string().min(1, 'template must not be empty').max(512, 'template is at most 512 characters').optional(),
    includeTests: z.enum(['true', 'false'], { error: 'includeTests must be true or false' }).optional(),
    interval: z.enum(FUNNEL_INTERVALS, { error: `interval must be one of: ${FUNNEL_INTERVALS.join(', ')}` }).optional(),
  })
  .strict();
export type FunnelQuery = z.input<typeof funnelQuerySchema>;

/** How many failed messages ended with one error code (`UNKNOWN` when the failure named none). */
export const funnelFailureSchema = apiSchema('FunnelFailure', z.strictObject({ code: z.string(), count: z.number().int() }));
export type FunnelFailure = z.infer<typeof funnelFailureSchema>;

const counts = {
  /** Outbound messages created in the period (every stage below is a part of these). */
  messages: z.number().int(),
  /** Accepted by the provider: the message reached sent, delivered or read. */
  sent: z.number().int(),
  /** Reached delivered or read (a read without a delivered report counts as delivered). */
  delivered: z.number().int(),
  read: z.number().int(),
  /** Sent, and the customer wrote to the same sender within 72 hours after it (each message once). */
  replied: z.number().int(),
  /** Ended failed. */
  failed: z.number().int(),
};

export const funnelCountsSchema = apiSchema(
  'FunnelCounts',
  z.strictObject({ ...counts, failures: z.array(funnelFailureSchema) }),
  'One funnel: sent ≥ delivered ≥ read; replied ≤ sent; failed by error code, most first',
);
export type FunnelCounts = z.infer<typeof funnelCountsSchema>;

export const funnelGroupSchema = apiSchema(
  'FunnelGroup',
  z.strictObject({
    /** The flow's id, the template's name, the connection's id or the campaign's id; null for messages without one (a text message, a message no run sent). */
    key: z.string().nullable(),
    /** The flow's, connection's or campaign's name now (the template's name; "No template", "No flow", "No campaign"). */
    label: z.string(),
    ...counts,
    failures: z.array(funnelFailureSchema),
  }),
);
export type FunnelGroup = z.infer<typeof funnelGroupSchema>;

export const funnelBucketSchema = apiSchema(
  'FunnelBucket',
  z.strictObject({
    /** The bucket's start (UTC day or hour). */
    at: instant,
    messages: z.number().int(),
    sent: z.number().int(),
    delivered: z.number().int(),
    read: z.number().int(),
    replied: z.number().int(),
    failed: z.number().int(),
  }),
);
export type FunnelBucket = z.infer<typeof funnelBucketSchema>;

export const messageFunnelSchema = apiSchema(
  'MessageFunnel',
  z.strictObject({
    groupBy: z.enum(FUNNEL_GROUP_BYS),
    from: instant,
    to: instant,
    /** Most messages first. */
    groups: z.array(funnelGroupSchema),
    totals: funnelCountsSchema,
    /** With `interval`: every bucket of the period, oldest first, empty ones included. */
    series: z.array(funnelBucketSchema).optional(),
  }),
  'The delivery funnel of the outbound messages created in [from, to), per group',
);
export type MessageFunnel = z.infer<typeof messageFunnelSchema>;
