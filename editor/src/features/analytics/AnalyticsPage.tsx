import type { FunnelFailure, FunnelGroup, FunnelGroupBy, MessageFunnel } from '@switchboard/shared';
import { useMemo, useState } from 'react';
import { api } from '../../api/client';
import { EmptyState, ErrorState, Loading } from '../../ui/States';
import { Segmented } from '../../ui/Segmented';
import { useResource } from '../../ui/use-resource';
import { failureMeaning, funnelPath, GROUP_TABS, PERIODS, percent, periodQuery, STAGES, type FunnelPeriod } from './analytics-format';
import { FunnelBarChart, SeriesChart } from './FunnelCharts';
import './analytics.css';

/** Charts drawn per group; the table lists every group. */
const CHARTED_GROUPS = 12;

/**
 * The delivery funnel of the workspace's WhatsApp messages: for the period and per flow,
 * template, sender or campaign, how many were sent, delivered, read, answered within 72 hours,
 * and why the failed ones failed. Test runs are left out. Loaded on its own (the chart library
 * is large), when the page is opened.
 */
export default function AnalyticsPage() {
  const [period, setPeriod] = useState<FunnelPeriod>('7d');
  const [custom, setCustom] = useState({ from: '', to: '' });
  const [groupBy, setGroupBy] = useState<FunnelGroupBy>('flow');
  // A preset period ends when it was chosen: a re-render does not move it (and ask again).
  const [now, setNow] = useState(() => new Date());
  const range = useMemo(() => periodQuery(period, custom, now), [period, custom, now]);
  const path = range ? funnelPath(groupBy, range) : null;
  const funnel = useResource(() => (path ? api.get(path) : Promise.resolve(null)), [path]);

  return (
    <div className="page-content analytics-page">
      <header className="page-header">
        <div>
          <h1>Analytics</h1>
          <p className="muted">
            What happened to the WhatsApp messages the flows sent: sent, delivered, read, replied to within 72 hours, or failed and why. Test runs are left out.
          </p>
        </div>
      </header>
      <div className="analytics-filters">
        <Segmented
          label="Period"
          name="analytics-period"
          value={period}
          options={PERIODS}
          onChange={(value) => {
            setPeriod(value);
            setNow(new Date());
          }}
        />
        {period === 'custom' ? (
          <>
            <input type="date" aria-label="From" value={custom.from} onChange={(event) => setCustom((current) => ({ ...current, from: event.target.value }))} />
            <input type="date" aria-label="To" value={custom.to} onChange={(event) => setCustom((current) => ({ ...current, to: event.target.value }))} />
          </>
        ) : null}
      </div>
      <div className="analytics-tabs" role="tablist" aria-label="Group by">
        {GROUP_TABS.map((tab) => (
          <button key={tab.value} type="button" role="tab" aria-selected={groupBy === tab.value} className={groupBy === tab.value ? 'is-selected' : undefined} onClick={() => setGroupBy(tab.value)}>
            {tab.label}
          </button>
        ))}
      </div>
      {!range ? (
        <EmptyState title="Choose the period">Pick the first and the last day of the period.</EmptyState>
      ) : funnel.loading && !funnel.data ? (
        <Loading label="Loading the funnel…" />
      ) : funnel.error ? (
        <ErrorState message={funnel.error} onRetry={funnel.reload} />
      ) : !funnel.data || funnel.data.totals.messages === 0 ? (
        <EmptyState title="No messages in this period">
          The funnel counts the WhatsApp messages flows send. Publish a flow with a WhatsApp step, or choose a longer period.
        </EmptyState>
      ) : (
        <FunnelReport funnel={funnel.data} />
      )}
    </div>
  );
}

function FunnelReport({ funnel }: { funnel: MessageFunnel }) {
  const { totals } = funnel;
  const groupLabel = GROUP_TABS.find((tab) => tab.value === funnel.groupBy)!.label;
  return (
    <>
      <section className="analytics-totals" aria-label="Totals">
        <Figure label="Messages" value={totals.messages} />
        {STAGES.map((stage) => (
          <Figure key={stage.key} label={stage.label} value={totals[stage.key]} share={percent(totals[stage.key], totals.messages)} />
        ))}
      </section>
      {funnel.series ? (
        <section className="analytics-card" aria-label="Day by day">
          <h2>Day by day</h2>
          <SeriesChart series={funnel.series} />
        </section>
      ) : null}
      <section className="analytics-card">
        <h2>By {groupLabel.toLowerCase()}</h2>
        <table className="analytics-table" aria-label={`Funnel by ${groupLabel.toLowerCase()}`}>
          <thead>
            <tr>
              <th scope="col">{groupLabel.replace(/s$/, '')}</th>
              <th scope="col">Messages</th>
              {STAGES.map((stage) => (
                <th key={stage.key} scope="col">
                  {stage.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {funnel.groups.map((group) => (
              <tr key={group.key ?? ''}>
                <th scope="row">{group.label}</th>
                <td>{group.messages}</td>
                {STAGES.map((stage) => (
                  <td key={stage.key}>
                    {group[stage.key]} <span className="muted">{percent(group[stage.key], group.messages)}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="analytics-groups">
        {funnel.groups.slice(0, CHARTED_GROUPS).map((group) => (
          <GroupCard key={group.key ?? ''} group={group} />
        ))}
      </div>
      <section className="analytics-card">
        <h2>Failures by code</h2>
        {totals.failures.length === 0 ? <p className="muted">No message failed in this period.</p> : <FailureTable failures={totals.failures} label="Failures by code" />}
      </section>
    </>
  );
}

function Figure({ label, value, share }: { label: string; value: number; share?: string }) {
  return (
    <div className="analytics-figure">
      <span className="muted">{label}</span>
      <strong>{value}</strong>
      {share ? <span className="muted">{share}</span> : null}
    </div>
  );
}

function GroupCard({ group }: { group: FunnelGroup }) {
  return (
    <section className="analytics-card" aria-label={`Funnel of ${group.label}`}>
      <h3>{group.label}</h3>
      <FunnelBarChart group={group} />
      {group.failures.length > 0 ? <FailureTable failures={group.failures} label={`Failures of ${group.label}`} /> : null}
    </section>
  );
}

function FailureTable({ failures, label }: { failures: FunnelFailure[]; label: string }) {
  return (
    <table className="analytics-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Messages</th>
          <th scope="col">Meaning</th>
        </tr>
      </thead>
      <tbody>
        {failures.map((failure) => (
          <tr key={failure.code}>
            <th scope="row">
              <code>{failure.code}</code>
            </th>
            <td>{failure.count}</td>
            <td>{failureMeaning(failure.code)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
