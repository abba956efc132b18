import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';

/** The audit log (`audit_log`): `AuditService.record` for the modules whose actions it records. */
@Module({ providers: [AuditService, AuditRepository], exports: [AuditService] })
export class AuditModule {}

/** `GET /api/audit`, for the API role. */
@Module({ imports: [AuditModule], controllers: [AuditController] })
export class AuditApiModule {}
