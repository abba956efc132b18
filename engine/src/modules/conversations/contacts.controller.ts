import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { ATTRIBUTE_KEY, contactListQuerySchema, importContactsSchema, normalizePhone, updateContactSchema, type ContactList, type ContactView } from '@switchboard/shared';
import type { EngineConfig } from '../../config/config';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import { CONFIG } from '../../runtime/tokens';
import { csvRows, readAudience } from '../campaigns/audience';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { ContactsRepository, type ContactRow } from './contacts.repository';
import { CustomerErasureService, type Erasure } from './customer-erasure.service';
import { ApiContract } from '../../common/api-body';
import { MAX_ATTRIBUTES, MAX_TAGS } from '@switchboard/shared';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/contacts')
export class ContactsController {
  constructor(
    private readonly erasure: CustomerErasureService,
    private readonly contacts: ContactsRepository,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  /** Contacts in phone order; `tag` (repeat it for all of several), `attribute.<name>=<value>`, `q` in the phone or name. */
  @Get()
  @ApiContract('GET /api/contacts')
  async list(@CurrentWorkspace() workspace: WorkspaceRef, @Query() query: Record<string, unknown>): Promise<ContactList> {
    const filter = parseInput(contactListQuerySchema, query);
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(query ?? {})) {
      if (!key.startsWith('attribute.')) continue;
      const name = key.slice('attribute.'.length);
      if (!ATTRIBUTE_KEY.test(name) || typeof value !== 'string') throw ApiError.invalid([{ field: key, message: 'filter by attribute.<name>=<value>, a name of letters, digits and _' }]);
      attributes[name] = value;
    }
    const tags = filter.tag === undefined ? [] : Array.isArray(filter.tag) ? filter.tag : [filter.tag];
    const rows = await this.contacts.list(workspace.id, { tags, attributes, q: filter.q, cursor: filter.cursor, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    return { contacts: page.map(toContactView), nextCursor: rows.length > filter.limit && page.length > 0 ? page[page.length - 1]!.phone : null };
  }

  /** Imports contacts from a CSV or rows: names replaced, tags added, attributes merged; all or nothing. */
  @Post('import')
  @HttpCode(200)
  @ApiContract('POST /api/contacts/import')
  async import(@CurrentWorkspace() workspace: WorkspaceRef, @Body() body: unknown): Promise<{ imported: number }> {
    const input = parseInput(importContactsSchema, body);
    const given = 'csv' in input ? csvRows(input.csv) : { rows: input.rows.map((values, index) => ({ label: `rows[${index}]`, values })), problems: [] };
    if (given.problems.length > 0) throw ApiError.invalid(given.problems.map((problem) => ({ ...problem, field: problem.field.replace(/^audience\./, '') })));
    const { members, problems } = readAudience(given.rows, this.config.DEFAULT_PHONE_COUNTRY);
    if (problems.length > 0) throw ApiError.invalid(problems.map((problem) => ({ ...problem, field: problem.field.replace(/^audience\./, '') })));
    return { imported: await this.contacts.upsertMany(workspace.id, members) };
  }

  @Get(':phone')
  @ApiParam({ name: 'phone', description: 'The customer number, E.164 (`+14155551234`, URL-encoded `%2B14155551234`)' })
  @ApiContract('GET /api/contacts/:phone')
  async get(@CurrentWorkspace() workspace: WorkspaceRef, @Param('phone') phone: string): Promise<ContactView> {
    const e164 = this.phone(phone);
    const row = await this.contacts.get(workspace.id, e164);
    if (!row) throw ApiError.notFound('contact', e164);
    return toContactView(row);
  }

  /** Changes a contact's name, tags and attributes. */
  @Patch(':phone')
  @ApiParam({ name: 'phone', description: 'The customer number, E.164' })
  @ApiContract('PATCH /api/contacts/:phone')
  async update(@CurrentWorkspace() workspace: WorkspaceRef, @Param('phone') phone: string, @Body() body: unknown): Promise<ContactView> {
    const e164 = this.phone(phone);
    const change = parseInput(updateContactSchema, body);
    const current = await this.contacts.get(workspace.id, e164);
    // Contacts come from conversations, imports and flows; a PATCH changes one, it does not make one.
    if (!current) throw ApiError.notFound('contact', e164);
    const tags = Array.isArray(change.tags) ? change.tags : [...new Set([...(current.tags), ...(change.tags?.add ?? [])])].filter((tag) => !(Array.isArray(change.tags) ? [] : (change.tags?.remove ?? [])).includes(tag));
    if (tags.length > MAX_TAGS) throw ApiError.invalid([{ field: 'tags', message: `a contact has at most ${MAX_TAGS} tags; this would make ${tags.length}` }]);
    const attributes = { ...(current.attributes), ...(change.attributes ?? {}) };
    const kept = Object.values(attributes).filter((value) => value !== null).length;
    if (kept > MAX_ATTRIBUTES) throw ApiError.invalid([{ field: 'attributes', message: `a contact has at most ${MAX_ATTRIBUTES} attributes; this would make ${kept}` }]);
    const row = await this.contacts.update(workspace.id, e164, {
      ...(change.name !== undefined ? { name: change.name || null } : {}),
      ...(Array.isArray(change.tags) ? { setTags: change.tags } : { addTags: change.tags?.add ?? [], removeTags: change.tags?.remove ?? [] }),
      ...(change.attributes ? { attributes: change.attributes } : {}),
    });
    return toContactView(row);
  }

  /**
   * Erases one customer of this workspace: their messages, conversations, the AI's memory of
   * them and the customer data in their runs (see `CustomerErasureService`). Idempotent: a
   * number of which nothing is left answers 200 with zeros. An opt-out is kept as a bare fact.
   */
  @Delete(':phone')
  @HttpCode(200)
  @ApiParam({ name: 'phone', description: 'The customer number, E.164 (`+14155551234`; URL-encode the `+` as `%2B` if your client rewrites it)' })
  @ApiContract('DELETE /api/contacts/:phone')
  async erase(@CurrentWorkspace() workspace: WorkspaceRef, @Param('phone') phone: string): Promise<Erasure> {
    return this.erasure.erase(workspace.id, this.phone(phone));
  }

  private phone(phone: string): string {
    const parsed = normalizePhone(phone, this.config.DEFAULT_PHONE_COUNTRY);
    if (!parsed.ok) throw ApiError.invalid([{ field: 'phone', message: parsed.reason }]);
    return parsed.e164;
  }
}

function toContactView(row: ContactRow): ContactView {
  return { phone: row.phone, name: row.name, tags: row.tags, attributes: row.attributes, optedOutAt: row.opted_out_at?.toISOString() ?? null, updatedAt: row.updated_at.toISOString() };
}
