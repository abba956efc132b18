import type { ActivityEntry, ActivityFlow } from '@switchboard/shared';
import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { routeHref } from '../../app/router';
import { Button } from '../../ui/Button';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { StatusBadge } from '../../ui/StatusBadge';
import { useResource } from '../../ui/use-resource';
import { absoluteTime, relativeTime } from '../runs/time-format';
import {
  ACTIVITY_STATUS_OPTIONS,
  EMPTY_FILTERS,
  aiVerdict,
  duplicateText,
  formatValue,
  notStartedText,
  reasonComparisons,
  type ActivityFilters,
  type ActivityRange,
} from './activity-format';
import { useActivity } from './use-activity';
import './activity.css';

const RANGES: ReadonlyArray<{ value: ActivityRange; label: string }> = [
  { value: 'all', label: 'Any time' },
  { value: 'today', label: 'Today' },
  { value: '7d', label: 'Last 7 days' },
  { value: 'custom', label: 'From… to…' },
];

/**
 * Every event the workspace received, newest first, and what it did to each published flow of
 * its type: the run it started, or why it started none. Answers "did the call of +1415… start
 * my flow, and if not, why?" without reading logs. `initial` comes from the route
 * (`#/activity?eventId=…`, the link "Send a test event" opens).
 */
export function ActivityPage({ initial }: { initial: { eventId?: string; phone?: string; callId?: string } }) {
  const [filters, setFilters] = useState<ActivityFilters>(() => ({ ...EMPTY_FILTERS, search: initial.eventId ?? initial.phone ?? '', callId: initial.callId ?? '' }));
  // The search box is applied a moment after typing stops, so each key press does not ask the engine.
  const [typed, setTyped] = useState(filters.search);
  useEffect(() => {
    const timer = setTimeout(() => setFilters((current) => (current.search === typed ? current : { ...current, search: typed })), 300);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => {
    const search = initial.eventId ?? initial.phone ?? '';
    setTyped(search);
    setFilters((current) => ({ ...current, search, callId: initial.callId ?? current.callId }));
  }, [initial.eventId, initial.phone, initial.callId]);

  const flows = useResource(() => api.get('/api/flows'), []);
  const feed = useActivity(filters);
  const set = (patch: Partial<ActivityFilters>) => setFilters((current) => ({ ...current, ...patch }));
  const filtered = filters.search.trim() || filters.callId.trim() || filters.flowId || filters.status || filters.range !== 'all';

  return (
    <div className="page-content activity-page">
      <header className="page-header">
        <div>
          <h1>Activity</h1>
          <p className="muted">Every event the engine received (calls, messages, webhooks, test events) and, for each published flow listening to it, the run it started or why it started none. With 20 or more flows on one event type, flows whose condition asks for another value of a field (another agent) are left out.</p>
        </div>
      </header>
      <div className="activity-filters" role="search">
        <input
          type="search"
          aria-label="Customer phone or event id"
          placeholder="Customer phone (+1415…) or event id"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          data-testid="activity-search"
        />
        <input aria-label="Call id" placeholder="Call id" value={filters.callId} onChange={(event) => set({ callId: event.target.value })} />
        <select aria-label="Flow" value={filters.flowId} onChange={(event) => set({ flowId: event.target.value })}>
          <option value="">All flows</option>
          {(flows.data?.flows ?? []).map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.name}
            </option>
          ))}
        </select>
        <select aria-label="Outcome" value={filters.status} onChange={(event) => set({ status: event.target.value })}>
          {ACTIVITY_STATUS_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <select aria-label="Time range" value={filters.range} onChange={(event) => set({ range: event.target.value as ActivityRange })}>
          {RANGES.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        {filters.range === 'custom' ? (
          <>
            <input type="datetime-local" aria-label="From" value={filters.from} onChange={(event) => set({ from: event.target.value })} />
            <input type="datetime-local" aria-label="To" value={filters.to} onChange={(event) => set({ to: event.target.value })} />
          </>
        ) : null}
      </div>
      {feed.loading ? (
        <Loading label="Loading the activity…" />
      ) : feed.error && feed.entries.length === 0 ? (
        <ErrorState message={feed.error} onRetry={feed.reload} />
      ) : feed.entries.length === 0 ? (
        <EmptyState title={filtered ? 'No events match' : 'No events yet'}>
          Activity lists every event the engine receives (a call, a WhatsApp message, a webhook, a test event) and what it did to each published flow: the run it started, or why it started none (another call type, a false condition, a draft not published).
        </EmptyState>
      ) : (
        <>
          <ol className="activity-list" aria-label="Events, newest first">
            {feed.entries.map((entry) => (
              <ActivityItem key={entry.event.id} entry={entry} />
            ))}
          </ol>
          {feed.hasMore ? (
            <div className="activity-more">
              <Button onClick={feed.loadMore} busy={feed.loadingMore}>
                Load more
              </Button>
            </div>
          ) : null}
        </>
      )}
    </div>
  );
}

function ActivityItem({ entry }: { entry: ActivityEntry }) {
  const { event } = entry;
  const duplicate = duplicateText(event.duplicate);
  return (
    <li className="activity-item" data-testid="activity-entry" data-event-id={event.id} aria-label={`${event.summary}`}>
      <div className="activity-head">
        <time dateTime={event.receivedAt} title={absoluteTime(event.receivedAt)}>
          {relativeTime(event.receivedAt)}
        </time>
        <span className="activity-summary">{event.summary}</span>
        <code className="activity-type">{event.type}</code>
      </div>
      <div className="activity-ids muted">
        Event <code>{event.id}</code>
        {event.callId ? (
          <>
            {' '}
            · call <code>{event.callId}</code>
          </>
        ) : null}
        {duplicate ? (
          <span className="activity-duplicate" data-testid="activity-duplicate" title={event.duplicate?.message}>
            {' '}
            · {duplicate}
          </span>
        ) : null}
      </div>
      {entry.flows.length === 0 ? (
        <p className="muted activity-none">No published flow listens to {event.type}.</p>
      ) : (
        <ul className="activity-flows">
          {entry.flows.map((flow) => (
            <ActivityFlowRow key={flow.flowId} flow={flow} />
          ))}
        </ul>
      )}
    </li>
  );
}

function ActivityFlowRow({ flow }: { flow: ActivityFlow }) {
  const flowHref = routeHref({ page: 'flow', flowId: flow.flowId });
  const name = (
    <a href={flowHref} className="activity-flow-name">
      {flow.name}
      {flow.version ? <span className="muted"> v{flow.version}</span> : null}
    </a>
  );
  if (flow.started) {
    return (
      <li className="activity-flow activity-flow-started" data-testid="activity-flow" data-flow-id={flow.flowId}>
        {name}: Started →{' '}
        {flow.runId ? (
          <a href={routeHref({ page: 'flow', flowId: flow.flowId, runId: flow.runId })} aria-label={`Run of ${flow.name}`}>
            run
          </a>
        ) : (
          'run'
        )}{' '}
        {flow.runStatus ? <StatusBadge status={flow.runStatus} /> : null}
        {flow.test ? <span className="badge badge-test">test</span> : null}
      </li>
    );
  }
  const comparisons = reasonComparisons(flow.reason);
  const verdict = aiVerdict(flow.reason);
  return (
    <li className="activity-flow activity-flow-not-started" data-testid="activity-flow" data-flow-id={flow.flowId} data-reason={flow.reason?.code}>
      {name}: <span className="activity-reason" data-testid="activity-reason">{notStartedText(flow)}</span>
      {comparisons.length > 0 ? (
        <table className="table activity-comparisons" aria-label={`Compared values for ${flow.name}`}>
          <thead>
            <tr>
              <th scope="col">Variable</th>
              <th scope="col">Operator</th>
              <th scope="col">Expected</th>
              <th scope="col">Actual</th>
            </tr>
          </thead>
          <tbody>
            {comparisons.map((comparison, index) => (
              <tr key={index} className={comparison.holds ? 'comparison-holds' : 'comparison-fails'}>
                <td>
                  <code>{comparison.variable}</code>
                </td>
                <td>{comparison.operator}</td>
                <td>{formatValue(comparison.expected)}</td>
                <td>
                  {formatValue(comparison.actual)}
                  {comparison.holds ? null : <span className="visually-hidden"> (does not hold)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {verdict ? (
        <dl className="activity-ai">
          {verdict.question ? (
            <>
              <dt>Asked</dt>
              <dd>{verdict.question}</dd>
            </>
          ) : null}
          {verdict.answer ? (
            <>
              <dt>Answer</dt>
              <dd>{verdict.answer}</dd>
            </>
          ) : null}
          {verdict.reason ? (
            <>
              <dt>Because</dt>
              <dd>{verdict.reason}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </li>
  );
}
