import type { ResolvedConnection } from './connections/connections.service';
import type { TemplateSource, TemplateSubmitter } from './templates/templates.service';

/*
 * What the HTTP API asks of the adapters. Modules declare these; the adapters module binds each
 * to the gateway that implements it, and the wiring hands it to the API modules that need it,
 * so nothing under modules/ imports adapters/.
 */

/** The AI models (`AiGateway`). */
export abstract class AiModels {
  /** What answers when a node names no connection (`GET /api/ai/status`). */
  abstract status(): { model: string | null; offline: boolean };
  /** One tiny completion on a connection; throws the classified `StepError`. */
  abstract test(workspaceId: string, connectionId: string): Promise<string>;
}

/** The mail servers (`EmailGateway`). */
export abstract class MailServers {
  /** Connects and logs in without sending; throws the classified `StepError`. */
  abstract test(workspaceId: string, connectionId: string): Promise<string>;
}

/** The WhatsApp providers (`WhatsAppGateway`). */
export abstract class TemplateSources {
  /** Lists a sender's templates from its provider; undefined when it cannot. */
  abstract templateSource(connection: ResolvedConnection): TemplateSource | undefined;
  /** Submits a new template to a sender's provider for review; undefined when its API cannot create templates. */
  abstract templateSubmitter(connection: ResolvedConnection): TemplateSubmitter | undefined;
  /** Reads the sender's limits (tier, quality, throughput) from its provider now, if it reports them; never throws. */
  abstract refreshLimits(connection: ResolvedConnection): Promise<void>;
}

/** The outbound policy's cache of workspace settings (`HttpGateway`). */
export abstract class OutboundSettings {
  /** A workspace's `httpAllowedHosts` changed: forget the cached ones. */
  abstract settingsChanged(workspaceId: string): void;
}
