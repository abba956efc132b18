import { CampaignEntity, CampaignRecipientEntity } from '../modules/campaigns/campaign.entity';
import { AiConversationEntity, AiTurnEntity } from '../modules/ai/ai-conversation.entity';
import { AlertEntity } from '../modules/alerts/alert.entity';
import { EmailEntity } from '../modules/email/email.entity';
import { TaskEntity } from '../modules/tasks/task.entity';
import { ScheduleEntity } from '../modules/schedules/schedule.entity';
import { ConnectionEntity } from '../modules/connections/connection.entity';
import { ConnectionLimitsEntity } from '../modules/connections/connection-limits.entity';
import { ContactEntity } from '../modules/conversations/contact.entity';
import { ConversationEntity } from '../modules/conversations/conversation.entity';
import { EventEntity, EventKeyEntity } from '../modules/events/event.entity';
import { FlowVersionEntity } from '../modules/flows/flow-version.entity';
import { FlowEntity } from '../modules/flows/flow.entity';
import { MessageStatusEntity } from '../modules/messages/message-status.entity';
import { MessageEntity } from '../modules/messages/message.entity';
import { RunEntity } from '../modules/runs/run.entity';
import { StepEntity } from '../modules/runs/step.entity';
import { StepLeaseEntity } from '../modules/runs/step-lease.entity';
import { WaitpointEntity } from '../modules/runs/waitpoint.entity';
import { ApiKeyEntity } from '../modules/workspaces/api-key.entity';
import { MessageTemplateEntity } from '../modules/templates/message-template.entity';
import { WebhookDeliveryEntity } from '../modules/webhooks/webhook-delivery.entity';
import { WebhookLegacyPathEntity } from '../modules/webhooks/webhook-legacy-path.entity';
import { WorkspaceEntity } from '../modules/workspaces/workspace.entity';
import { AuditEntryEntity } from '../modules/audit/audit-entry.entity';
import { InvitationEntity, MembershipEntity, PasswordResetEntity, SessionEntity, UserEntity } from '../modules/accounts/accounts.entities';

/** Every entity; the schema itself comes only from `@switchboard/migrations`. */
export const entities = [
  WorkspaceEntity,
  ApiKeyEntity,
  ConnectionEntity,
  ConnectionLimitsEntity,
  FlowEntity,
  FlowVersionEntity,
  EventEntity,
  EventKeyEntity,
  RunEntity,
  StepEntity,
  StepLeaseEntity,
  WaitpointEntity,
  MessageEntity,
  MessageStatusEntity,
  ConversationEntity,
  ContactEntity,
  MessageTemplateEntity,
  WebhookDeliveryEntity,
  WebhookLegacyPathEntity,
  AiConversationEntity,
  AiTurnEntity,
  EmailEntity,
  TaskEntity,
  AlertEntity,
  ScheduleEntity,
  AuditEntryEntity,
  UserEntity,
  MembershipEntity,
  InvitationEntity,
  SessionEntity,
  PasswordResetEntity,
  CampaignEntity,
  CampaignRecipientEntity,
];
