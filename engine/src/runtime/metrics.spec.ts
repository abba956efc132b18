import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../infra/data-dir';
import { EngineMetrics, SCRAPE_TIMEOUT_MS } from './metrics';

const DASHBOARD = join(projectRoot(), 'deploy', 'grafana', 'switchboard-dashboard.json');

/** Every `switchboard_*` metric a PromQL expression reads, with a histogram's series suffix taken off. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\bswitchboard_[a-z0-9_]+/g)].map((match) => match[0].replace(/_(bucket|sum|count)$/, ''));
}

describe('the Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ title: string; targets?: Array<{ expr?: string }> }> };
  const registered = new Set(new EngineMetrics().registry.getMetricsAsArray().map((metric) => metric.name));

  it("queries only metrics the engine's registry has", () => {
    const queried = dashboard.panels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => metricNames(target.expr ?? '').map((name) => ({ panel: panel.title, name }))));
    expect(queried.length).toBeGreaterThan(10);
    expect(queried.filter(({ name }) => !registered.has(name))).toEqual([]);
  });

  it('has a panel for each thing to watch, each with a query', () => {
    for (const panel of dashboard.panels) expect(panel.targets?.every((target) => (target.expr ?? '').trim() !== ''), panel.title).toBe(true);
    const queried = new Set(dashboard.panels.flatMap((panel) => (panel.targets ?? []).flatMap((target) => metricNames(target.expr ?? ''))));
    for (const name of [
      'switchboard_events_total',
      'switchboard_runs_total',
      'switchboard_step_duration_seconds',
      'switchboard_queue_jobs',
      'switchboard_waitpoints_waiting',
      'switchboard_provider_sends_total',
      'switchboard_webhook_deliveries_total',
      'switchboard_rate_limit_deferrals_total',
      'switchboard_batch_flush_seconds',
    ]) {
      expect(queried.has(name), name).toBe(true);
    }
  });
});

describe('EngineMetrics', () => {
  it('labels only known node types, providers and codes; anything else is `other`', async () => {
    const metrics = new EngineMetrics({ nodeTypes: ['call.completed', 'flow.delay'], providers: ['whatsapp.meta'] });
    metrics.event('call.completed', 'accepted');
    metrics.event('<script>alert(1)</script>', 'refused');
    metrics.step('flow.delay', 'succeeded', 0.2);
    metrics.step('made.up', 'succeeded', 0.2);
    metrics.providerSend('whatsapp.meta', 'RATE_LIMITED');
    metrics.providerSend('whatsapp.meta', 'A_CODE_NOBODY_DECLARED');
    metrics.providerSend('someone.else', 'sent');
    const text = await metrics.scrape();
    expect(text).toContain('switchboard_events_total{type="call.completed",result="accepted"} 1');
    expect(text).toContain('switchboard_events_total{type="other",result="refused"} 1');
    expect(text).toContain('switchboard_step_duration_seconds_count{type="other",status="succeeded"} 1');
    expect(text).toContain('switchboard_provider_sends_total{provider="whatsapp.meta",result="RATE_LIMITED"} 1');
    expect(text).toContain('switchboard_provider_sends_total{provider="whatsapp.meta",result="other"} 1');
    expect(text).toContain('switchboard_provider_sends_total{provider="other",result="sent"} 1');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('NOBODY');
  });

  it('leaves out a queue that does not answer within the scrape timeout, and counts it in the same scrape', async () => {
    const metrics = new EngineMetrics();
    metrics.watchQueue('steps', () => new Promise(() => {}));
    metrics.watchQueue('other', async () => ({ waiting: 3, delayed: 2 }));
    const started = Date.now();
    const text = await metrics.scrape();
    expect(Date.now() - started).toBeLessThan(SCRAPE_TIMEOUT_MS + 2_000);
    expect(text).not.toContain('switchboard_queue_jobs{queue="steps"');
    expect(text).toContain('switchboard_queue_jobs{queue="other",state="waiting"} 3');
    expect(text).toContain('switchboard_queue_jobs{queue="other",state="delayed"} 2');
    expect(text).toContain('switchboard_scrape_errors_total{source="queue"} 1');
  });

  it('counts waiting waitpoints at most every 10 s, and an error as a scrape error', async () => {
    const metrics = new EngineMetrics();
    let reads = 0;
    metrics.watchWaitpoints(async () => {
      reads++;
      return [{ kind: 'delay', count: 4 }, { kind: 'unheard_of', count: 1 }];
    });
    expect(await metrics.scrape()).toContain('switchboard_waitpoints_waiting{kind="delay"} 4');
    expect(await metrics.scrape()).toContain('switchboard_waitpoints_waiting{kind="other"} 1');
    expect(reads).toBe(1);

    const failing = new EngineMetrics();
    failing.watchWaitpoints(async () => {
      throw new Error('connection refused');
    });
    expect(await failing.scrape()).toContain('switchboard_scrape_errors_total{source="waitpoints"} 1');
  });
});
