import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { WhatsappChannel1763800000000 } from './1763800000000-whatsapp-channel';
import { Notifications1763900000000 } from './1763900000000-notifications';
import { Schedules1763960000000 } from './1763960000000-schedules';
import { ConversationEndedEvent1763980000000 } from './1763980000000-conversation-ended-event';
import { EventSources1763990000000 } from './1763990000000-event-sources';
import { WebhookDeliveryTries1764020000000 } from './1764020000000-webhook-delivery-tries';
import { StepLeases1764100000000 } from './1764100000000-step-leases';
import { WebhookNamespaces1764230000000 } from './1764230000000-webhook-namespaces';
import { Retention1764300000000 } from './1764300000000-retention';
import { RunTraceContext1764400000000 } from './1764400000000-run-trace-context';
import { ApiKeyScopes1764500000000 } from './1764500000000-api-key-scopes';
import { AuditLog1764600000000 } from './1764600000000-audit-log';
import { DraftRevision1764700000000 } from './1764700000000-draft-revision';
import { Accounts1764800000000 } from './1764800000000-accounts';
import { EventOutcomes1764900000000 } from './1764900000000-event-outcomes';
import { RunReplays1764910000000 } from './1764910000000-run-replays';
import { MessageMedia1765000000000 } from './1765000000000-message-media';
import { TemplateLifecycle1765010000000 } from './1765010000000-template-lifecycle';
import { ConnectionLimits1765020000000 } from './1765020000000-connection-limits';
import { Campaigns1765030000000 } from './1765030000000-campaigns';
import { EventRaw1765100000000 } from './1765100000000-event-raw';
import { WaitpointsDueKeyset1765110000000 } from './1765110000000-waitpoints-due-keyset';
import { HistoryPartitions1765200000000 } from './1765200000000-history-partitions';

/** Every migration in the order it must run. Append; never edit one that has landed. */
export const migrations = [
  InitialSchema1763700000000,
  WhatsappChannel1763800000000,
  Notifications1763900000000,
  Schedules1763960000000,
  ConversationEndedEvent1763980000000,
  EventSources1763990000000,
  WebhookDeliveryTries1764020000000,
  StepLeases1764100000000,
  WebhookNamespaces1764230000000,
  Retention1764300000000,
  RunTraceContext1764400000000,
  ApiKeyScopes1764500000000,
  AuditLog1764600000000,
  DraftRevision1764700000000,
  Accounts1764800000000,
  EventOutcomes1764900000000,
  RunReplays1764910000000,
  MessageMedia1765000000000,
  TemplateLifecycle1765010000000,
  ConnectionLimits1765020000000,
  Campaigns1765030000000,
  EventRaw1765100000000,
  WaitpointsDueKeyset1765110000000,
  HistoryPartitions1765200000000,
];
