import { z } from 'zod';
import { apiSchema, instant } from './registry';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/**
 * What became of one recipient: `pending` (not started yet), `skipped_opted_out` (opted out of
 * marketing; never sent), `started` (its run started, no message yet), the message's `sent`,
 * `delivered`, `read`, `failed` (with its code), or `cancelled` before it started.
 */
export const RECIPIENT_STATUSES = ['pending', 'skipped_opted_out', 'started', 'sent', 'delivered', 'read', 'failed', 'cancelled'] as const;
export type RecipientStatus = (typeof RECIPIENT_STATUSES)[number];

/** The largest audience one campaign takes. */
export const CAMPAIGN_AUDIENCE_MAX = 100_000;

/** A contact attribute's value: what a CSV cell or a flow can set. */
export const attributeValueSchema = z.union([z.string().max(1000, 'an attribute value is at most 1,000 characters'), z.number(), z.boolean()]);

/** Attribute names: letters, digits and underscores, starting with a letter (they are template paths: `{{contact.attributes.city}}`). */
export const ATTRIBUTE_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Tags: up to 64 characters of letters, digits, `_`, `-`, `:`, `.`. */
export const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_\-:.]{0,63}$/;
export const MAX_TAGS = 50;
export const MAX_ATTRIBUTES = 50;

const tagSchema = z.string().regex(TAG_PATTERN, 'a tag is 1-64 letters, digits, _ - : . (starting with a letter or digit)');

const segmentSchema = z.strictObject({
  tags: z.array(tagSchema).max(MAX_TAGS).optional(),
  attributes: z.record(z.string().regex(ATTRIBUTE_KEY, 'an attribute name is letters, digits and _, starting with a letter'), attributeValueSchema).optional(),
});

const audienceRowSchema = z.looseObject({ phone: z.string({ error: 'phone is required' }), name: z.string().max(200).optional() });

/**
 * `POST /api/campaigns`. `audience` is a CSV (`phone,name,<attribute>…`, a header row first),
 * rows, or a segment of the workspace's contacts by tags (all of them) and attributes (equal).
 * `sendAt`: an ISO instant, or a local `YYYY-MM-DDTHH:mm` read in `timeZone` (an IANA zone, or
 * `contact` for each contact's `timezone` attribute); omitted, the campaign starts now.
 */
export const createCampaignSchema = z.strictObject({
  name: z.string({ error: 'name is required' }).trim().min(1, 'name is required').max(200),
  connectionId: z.uuid({ error: 'connectionId must be the id of a WhatsApp sender' }),
  template: z.string({ error: 'template is required' }).trim().min(1, 'template is required').max(512),
  language: z.string().trim().min(1).max(20).default('en'),
  parameters: z.union([z.array(z.string().max(1000)).max(100), z.record(z.string(), z.string().max(1000))]).default([]),
  audience: z.union([
    z.strictObject({ csv: z.string().min(1, 'the CSV is empty').max(20_000_000, 'the CSV is larger than 20 MB') }),
    z.strictObject({ rows: z.array(audienceRowSchema).min(1, 'the audience is empty').max(CAMPAIGN_AUDIENCE_MAX, `at most ${CAMPAIGN_AUDIENCE_MAX} recipients`) }),
    z.strictObject({ segment: segmentSchema }),
  ], { error: 'audience must be { csv }, { rows } or { segment: { tags, attributes } }' }),
  sendAt: z.string().optional(),
  timeZone: z.string().optional(),
  flowId: z.uuid({ error: 'flowId must be the id of a published flow with the WhatsApp campaign trigger' }).optional(),
});
export type CreateCampaign = z.input<typeof createCampaignSchema>;

export const campaignCountsSchema = z.strictObject({
  total: z.number().int(),
  pending: z.number().int(),
  skippedOptedOut: z.number().int(),
  started: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  failed: z.number().int(),
  cancelled: z.number().int(),
});
export type CampaignCounts = z.infer<typeof campaignCountsSchema>;

const campaignFields = {
  id: z.string(),
  name: z.string(),
  connectionId: z.string(),
  template: z.string(),
  language: z.string(),
  parameters: z.union([z.array(z.string()), z.record(z.string(), z.string())]),
  flowId: z.string(),
  status: z.enum(CAMPAIGN_STATUSES),
  sendAt: instant.nullable(),
  timeZone: z.string().nullable(),
  counts: campaignCountsSchema,
  createdBy: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
  finishedAt: instant.nullable(),
};

export const campaignViewSchema = apiSchema('CampaignView', z.strictObject(campaignFields));
export type CampaignView = z.infer<typeof campaignViewSchema>;

export const campaignRecipientSchema = apiSchema(
  'CampaignRecipient',
  z.strictObject({
    phone: z.string(),
    name: z.string().nullable(),
    status: z.enum(RECIPIENT_STATUSES),
    runId: z.string().nullable(),
    errorCode: z.string().nullable(),
    dueAt: instant,
    startedAt: instant.nullable(),
  }),
);
export type CampaignRecipient = z.infer<typeof campaignRecipientSchema>;

/** `GET /api/campaigns/:id`: the campaign with a page of its recipients (`nextCursor` asks for the next). */
export const campaignDetailSchema = apiSchema(
  'CampaignDetail',
  z.strictObject({ ...campaignFields, recipients: z.array(campaignRecipientSchema), nextCursor: z.string().nullable() }),
);
export type CampaignDetail = z.infer<typeof campaignDetailSchema>;

export const campaignListSchema = apiSchema('CampaignList', z.strictObject({ campaigns: z.array(campaignViewSchema) }));
export type CampaignList = z.infer<typeof campaignListSchema>;

/** `GET /api/campaigns/:id?recipients=<status>&limit&cursor`. */
export const campaignDetailQuerySchema = z.object({
  recipients: z.enum(RECIPIENT_STATUSES).optional(),
  limit: z.coerce.number<number | string>().int().min(0).max(500, 'limit must be at most 500').default(100),
  cursor: z.string().max(40).optional(),
});

/** A contact as `GET /api/contacts` lists it. */
export const contactViewSchema = apiSchema(
  'ContactView',
  z.strictObject({
    phone: z.string(),
    name: z.string().nullable(),
    tags: z.array(z.string()),
    attributes: z.record(z.string(), z.unknown()),
    optedOutAt: instant.nullable(),
    updatedAt: instant,
  }),
);
export type ContactView = z.infer<typeof contactViewSchema>;

export const contactListSchema = apiSchema('ContactList', z.strictObject({ contacts: z.array(contactViewSchema), nextCursor: z.string().nullable() }));
export type ContactList = z.infer<typeof contactListSchema>;

/** `GET /api/contacts?tag&q&limit&cursor` (and `attribute.<name>=<value>`, read by the engine from the raw query). */
export const contactListQuerySchema = z.looseObject({
  tag: z.union([tagSchema, z.array(tagSchema)]).optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number<number | string>().int().min(1).max(500, 'limit must be at most 500').default(100),
  cursor: z.string().max(40).optional(),
});

/** `PATCH /api/contacts/:phone`: tags added/removed or set; attributes merged (`null` deletes one). */
export const updateContactSchema = z.strictObject({
  name: z.string().trim().max(200).nullable().optional(),
  tags: z
    .union([z.array(tagSchema).max(MAX_TAGS), z.strictObject({ add: z.array(tagSchema).max(MAX_TAGS).optional(), remove: z.array(tagSchema).max(MAX_TAGS).optional() })])
    .optional(),
  attributes: z.record(z.string().regex(ATTRIBUTE_KEY, 'an attribute name is letters, digits and _, starting with a letter'), attributeValueSchema.nullable()).optional(),
});
export type UpdateContact = z.input<typeof updateContactSchema>;

/** `POST /api/contacts/import`: a CSV (header `phone,name,tags,<attribute>…`) or rows. */
export const importContactsSchema = z.union(
  [
    z.strictObject({ csv: z.string().min(1, 'the CSV is empty').max(20_000_000, 'the CSV is larger than 20 MB') }),
    z.strictObject({ rows: z.array(audienceRowSchema).min(1, 'there are no rows').max(CAMPAIGN_AUDIENCE_MAX, `at most ${CAMPAIGN_AUDIENCE_MAX} rows`) }),
  ],
  { error: 'send { csv } or { rows: [{ phone, name, tags, …attributes }] }' },
);

export const contactImportResultSchema = apiSchema('ContactImportResult', z.strictObject({ imported: z.number().int() }));
