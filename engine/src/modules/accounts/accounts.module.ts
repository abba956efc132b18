import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications.module';
import { WorkspacesModule } from '../workspaces/workspaces.module';
import { AccountsService } from './accounts.service';
import { AuthController, MembersController, WorkspacesListController } from './auth.controller';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';
import { SystemMailer } from './system-mailer';

/** People: accounts, sessions' sign-in (by password or OpenID Connect) and sign-out, workspaces of a person, members and invitations (api role). */
@Module({
  imports: [WorkspacesModule, AuditModule, NotificationsModule],
  providers: [AccountsService, OidcService, SystemMailer],
  controllers: [AuthController, OidcController, WorkspacesListController, MembersController],
  exports: [AccountsService],
})
export class AccountsModule {}
