import { Inject, Injectable } from '@nestjs/common';
import {
  ACTIVITY_REASON_CODES,
  activityQuerySchema,
  normalizePhone,
  RUN_STATUSES,
  type ActivityEntry,
  type ActivityFlow,
  type ActivityList,
  type ActivityReason,
} from '@switchboard/shared';
import type { EngineConfig } from '../../config/config';
import { ApiError } from '../../common/api-error';
import { parseInput } from '../../common/validation';
import type { EventOutcome } from '../../execution/types';
import { CONFIG } from '../../runtime/tokens';
import { ActivityRepository, type ActivityEventRow, type ActivityFlowRow, type ActivityRunRow } from './activity.repository';
import { eventPhone, eventSummary } from './event-summary';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KNOWN_CODES: ReadonlySet<string> = new Set(ACTIVITY_REASON_CODES);
const RUN_STATUS_NAMES: ReadonlySet<string> = new Set(RUN_STATUSES);

/**
 * Activity: every event of a workspace with what it did to each flow of its type: the run it
 * started (and its status now), or why not, as the ingestor stored it when the event came in
 * (`events.outcomes`). Flows of the type that are drafts only are added as `FLOW_UNPUBLISHED`.
 */
@Injectable()
export class ActivityService {
  constructor(
    private readonly repository: ActivityRepository,
    @Inject(CONFIG) private readonly config: EngineConfig,
  ) {}

  async list(workspaceId: string, query: unknown): Promise<ActivityList> {
    const filter = parseInput(activityQuerySchema, query);
    const rows = await this.repository.events(workspaceId, {
      ...filter,
      phones: filter.phone === undefined ? undefined : this.phones(filter.phone),
      before: filter.cursor ? decodeCursor(filter.cursor) : undefined,
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const last = page.at(-1);
    const runs = await this.repository.runs(workspaceId, page.map((row) => row.id));
    const flowIds = new Set([...page.flatMap((row) => row.outcomes.map((outcome) => outcome.flowId)), ...runs.map((run) => run.flowId)]);
    const flows = await this.repository.flows(workspaceId, [...flowIds], [...new Set(page.map((row) => row.type))]);
    return {
      entries: page.map((row) => entry(row, runs.filter((run) => run.eventId === row.id), flows)),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last) : null,
    };
  }

  /**
   * The spellings the event data may hold the number in: E.164, and the text as typed. A `+`
   * sent unencoded in a query string arrives as a space, and is read back as the `+`.
   */
  private phones(phone: string): string[] {
    const typed = phone.replace(/^ (?=\d)/, '+').trim();
    const parsed = normalizePhone(typed, this.config.DEFAULT_PHONE_COUNTRY);
    if (!parsed.ok) throw ApiError.invalid([{ field: 'phone', message: `phone must be a customer's number with its country code: ${parsed.reason}` }]);
    return [...new Set([parsed.e164, typed])];
  }
}

function entry(row: ActivityEventRow, runs: ActivityRunRow[], flows: ActivityFlowRow[]): ActivityEntry {
  const named = new Map(flows.map((flow) => [flow.id, flow]));
  const runById = new Map(runs.map((run) => [run.id, run]));
  const listed = new Set<string>();
  const result: ActivityFlow[] = [];
  for (const outcome of row.outcomes) {
    const run = outcome.runId ? runById.get(outcome.runId) : undefined;
    if (outcome.runId) listed.add(outcome.runId);
    result.push(fromOutcome(outcome, named.get(outcome.flowId)?.name, run));
  }
  // Runs the outcomes do not name: events stored before outcomes were recorded.
  for (const run of runs) {
    if (listed.has(run.id)) continue;
    result.push({
      flowId: run.flowId,
      name: named.get(run.flowId)?.name ?? run.versionName ?? 'Deleted flow',
      versionId: run.versionId,
      version: run.version,
      started: true,
      runId: run.id,
      ...(RUN_STATUS_NAMES.has(run.status) ? { runStatus: run.status as ActivityFlow['runStatus'] } : {}),
      ...(run.isTest ? { test: true } : {}),
    });
  }
  const concerned = new Set(result.map((flow) => flow.flowId));
  for (const flow of flows) {
    if (concerned.has(flow.id) || flow.publishedVersionId !== null || !flow.draftTypes.includes(row.type) || flow.createdAt > row.receivedAt) continue;
    result.push({
      flowId: flow.id,
      name: flow.name,
      started: false,
      reason: { code: 'FLOW_UNPUBLISHED', message: 'the flow is not published: only a published flow starts for events' },
    });
  }
  // A redelivery of the id started nothing: each flow the first delivery started says so too
  // (the CONTRACT's DUPLICATE_EVENT reason), pointing at the run that delivery started.
  if (row.duplicates > 0) {
    for (const flow of result.filter((candidate) => candidate.started)) {
      result.push({ flowId: flow.flowId, name: flow.name, ...(flow.versionId ? { versionId: flow.versionId, version: flow.version } : {}), started: false, ...(flow.runId ? { runId: flow.runId } : {}), reason: duplicateReason(row) });
    }
  }
  const phone = eventPhone(row.data);
  const call = row.data.call;
  const callId = typeof call === 'object' && call !== null ? (call as Record<string, unknown>).id : undefined;
  return {
    event: {
      id: row.externalId,
      type: row.type,
      source: row.source,
      receivedAt: row.receivedAt.toISOString(),
      summary: eventSummary(row.type, row.data),
      ...(phone ? { phone } : {}),
      ...(typeof callId === 'string' && callId !== '' ? { callId } : {}),
      ...(row.duplicates > 0 ? { duplicate: duplicateReason(row) } : {}),
    },
    flows: result,
  };
}

function fromOutcome(outcome: EventOutcome, currentName: string | undefined, run: ActivityRunRow | undefined): ActivityFlow {
  return {
    flowId: outcome.flowId,
    name: currentName ?? outcome.name,
    versionId: outcome.versionId,
    version: outcome.version,
    started: outcome.started,
    ...(outcome.runId ? { runId: outcome.runId } : {}),
    ...(run && RUN_STATUS_NAMES.has(run.status) ? { runStatus: run.status as ActivityFlow['runStatus'] } : {}),
    ...(outcome.test ? { test: true } : {}),
    ...(outcome.reason ? { reason: reason(outcome.reason) } : {}),
  };
}

/** A stored reason as the API shows it; a code a future trigger invents reads as `NOT_MATCHED`, its message kept. */
function reason(stored: NonNullable<EventOutcome['reason']>): ActivityReason {
  const code = KNOWN_CODES.has(stored.code) ? (stored.code as ActivityReason['code']) : 'NOT_MATCHED';
  return { code, message: stored.message, ...(stored.details ? { details: stored.details } : {}) };
}

function duplicateReason(row: ActivityEventRow): ActivityReason {
  const times = row.duplicates === 1 ? 'once' : `${row.duplicates} times`;
  return {
    code: 'DUPLICATE_EVENT',
    message: `delivered again ${times}; nothing new started`,
    details: { count: row.duplicates, ...(row.lastDuplicateAt ? { lastAt: row.lastDuplicateAt.toISOString() } : {}) },
  };
}

function encodeCursor(row: ActivityEventRow): string {
  return Buffer.from(JSON.stringify([row.receivedMicros, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { micros: string; id: string } {
  try {
    const [micros, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof micros === 'string' && /^\d{1,17}$/.test(micros) && typeof id === 'string' && UUID.test(id)) return { micros, id };
  } catch {
    // fall through
  }
  throw ApiError.invalid([{ field: 'cursor', message: 'cursor is not one this API returned' }]);
}
