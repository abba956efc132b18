import { Controller, Delete, HttpCode, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { normalizePhone } from '@switchboard/shared';
import type { EngineConfig } from '../../config/config';
import { ApiError } from '../../common/api-error';
import { CONFIG } from '../../runtime/tokens';
import { CurrentWorkspace } from '../workspaces/api-key.guard';
import type { WorkspaceRef } from '../workspaces/workspaces.service';
import { CustomerErasureService, type Erasure } from './customer-erasure.service';
import { ApiContract } from '../../common/api-body';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/contacts')
export class ContactsController {
  constructor(
    private readonly erasure: CustomerErasureService,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

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
    const parsed = normalizePhone(phone, this.config.DEFAULT_PHONE_COUNTRY);
    if (!parsed.ok) throw ApiError.invalid([{ field: 'phone', message: parsed.reason }]);
    return this.erasure.erase(workspace.id, parsed.e164);
  }
}
