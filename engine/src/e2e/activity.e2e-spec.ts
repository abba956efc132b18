import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteRuns, openEditorSession, screenshot, type EditorSession } from '../testing/browser';
import { appointmentConfirmation, callCompletedEvent } from '../testing/fixtures';
import type { ApiClient } from '../testing/test-engine';

/**
 * The operator's questions, answered in the editor: "did this customer's call start my flow,
 * and if not, why?" (Activity), "run it again" (replay), "what did the customer get?" (the
 * simulator's chat list). The flow is set up through the API; everything asked is asked in the
 * browser. Screenshots go to artifacts/screenshots/ (activity-*.png).
 */
describe.runIf(browserSuiteRuns('activity e2e'))('activity, replays and the simulator in a browser', () => {
  let session: EditorSession;
  let api: ApiClient;
  let page: Page;
  let sandbox: string;
  let flowId: string;

  beforeAll(async () => {
    session = await openEditorSession();
    ({ api, page } = session);
    sandbox = await api.sandbox('Sandbox sender');
    // Connected calls with a booked appointment get the confirmation template.
    flowId = await api.publish('Appointment confirmation', appointmentConfirmation(sandbox));
    await page.goto(`${api.baseUrl}/#/activity`);
    await page.getByRole('button', { name: 'Use an API key instead' }).click();
    await page.getByLabel('API key').fill(api.apiKey!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
  }, 90_000);

  afterAll(() => session?.stop());

  const entry = (eventId: string) => page.locator(`[data-testid="activity-entry"][data-event-id="${eventId}"]`);

  it('finds a not-connected call by the customer’s phone: "call type did not match (connected only)"', async () => {
    await api.post('/api/events', callCompletedEvent({ id: 'e2e-missed', phone: '+4915112345678', durationSeconds: 0 }));
    await page.getByTestId('activity-search').fill('+49 151 12345678');
    await entry('e2e-missed').waitFor();
    expect(await page.getByTestId('activity-entry').count()).toBe(1);
    const reason = entry('e2e-missed').getByTestId('activity-reason');
    expect(await reason.textContent()).toBe('Not started: call type did not match (connected only)');
    await screenshot(page, 'activity-01-not-started');
  });

  it('shows the values a false condition compared', async () => {
    await api.post('/api/events', callCompletedEvent({ id: 'e2e-unbooked', phone: '+14155550111', variables: { appointment_booked: false } }));
    await page.getByTestId('activity-search').fill('e2e-unbooked');
    const table = entry('e2e-unbooked').getByRole('table', { name: 'Compared values for Appointment confirmation' });
    await table.waitFor();
    const cells = await table.locator('tbody td').allTextContents();
    expect(cells.map((cell) => cell.replace(' (does not hold)', ''))).toEqual(['trigger.variables.appointment_booked', 'equals', 'true', 'false']);
  });

  it('sends a test event to the published version and lands on its run in Activity', async () => {
    await page.goto(`${api.baseUrl}/#/flows/${flowId}`);
    await page.getByTestId('send-test-event').first().click();
    await page.waitForURL(/#\/activity\?eventId=/);
    const eventId = new URLSearchParams(page.url().split('?')[1]).get('eventId')!;
    const flow = entry(eventId).locator(`[data-testid="activity-flow"][data-flow-id="${flowId}"]`);
    await flow.getByRole('link', { name: 'Run of Appointment confirmation' }).waitFor();
    const { entries } = (await api.get(`/api/activity?eventId=${encodeURIComponent(eventId)}`)).body;
    const started = entries[0]!.flows.find((item) => item.flowId === flowId);
    expect(started).toMatchObject({ started: true, version: 1 });
    const run = await api.waitForRun(started!.runId ?? null);
    expect(run).toMatchObject({ status: 'succeeded', isTest: true, version: 1 });
    await screenshot(page, 'activity-02-test-event');

    // The run, replayed from its send step: a new run that links back.
    await flow.getByRole('link', { name: 'Run of Appointment confirmation' }).click();
    const step = page.locator('[data-testid="step-row"][data-node-id="confirm"]');
    await step.waitFor();
    if ((await step.getByTestId('replay-step').count()) === 0) await step.locator('.run-step-toggle').click();
    await step.getByTestId('replay-step').click();
    await page.waitForURL((url) => !url.hash.endsWith(`/runs/${run.id}`) && url.hash.includes('/runs/'));
    await expect.poll(() => page.getByTestId('replay-links').textContent(), { timeout: 10_000 }).toContain(`Replay of ${run.id.slice(0, 8)}`);
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('succeeded');
    await screenshot(page, 'activity-03-run-replay');
  });

  it('lists the customer the template went to in the simulator', async () => {
    await page.goto(`${api.baseUrl}/#/sandbox/${sandbox}`);
    const customer = page.locator('[data-testid="sandbox-customer"][data-phone="+14155551234"]');
    await customer.waitFor();
    // The newest customer's chat is open by default: the template is on the phone.
    await expect.poll(() => page.locator('#sbx-phone').inputValue()).toBe('+14155551234');
    await screenshot(page, 'activity-04-simulator');
  });

  it('replays a failed run from its failed step: the earlier template is not sent again', async () => {
    // A CRM that refuses (422, not retried) until it is fixed.
    let broken = true;
    let calls = 0;
    const crm = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        calls++;
        response.writeHead(broken ? 422 : 200, { 'content-type': 'application/json' }).end(broken ? '{"error":"unknown field"}' : '{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    try {
      const phone = '+14155550177';
      const graph = appointmentConfirmation(sandbox);
      const logged = await api.publish('Confirm and log', {
        nodes: [...graph.nodes!, { id: 'crm', type: 'http.request', config: { method: 'POST', url: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/crm`, body: '{}' } }],
        edges: [...graph.edges!, { id: 'to-crm', source: 'confirm', target: 'crm' }],
      });
      const posted = await api.post('/api/events', callCompletedEvent({ id: 'e2e-crm-down', phone }));
      const runId = posted.body.runs.find((run) => run.flowId === logged)!.runId;
      const failed = await api.waitForRun(runId);
      expect(failed.status).toBe('failed');
      const templates = async () => (await api.get(`/api/messages?runId=${runId}`)).body.messages.filter((message) => message.kind === 'template').length;
      expect(await templates()).toBe(1);

      broken = false;
      await page.goto(`${api.baseUrl}/#/flows/${logged}/runs/${runId}`);
      const replay = page.getByTestId('replay-step').filter({ hasText: 'Replay from' }).first();
      await replay.waitFor();
      expect(await replay.textContent()).toContain('Replay from');
      await replay.click();
      await page.waitForURL((url) => url.hash.includes('/runs/') && !url.hash.endsWith(`/runs/${runId}`));
      await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('succeeded');
      const replayId = decodeURIComponent(page.url().split('/runs/')[1]!);
      const replayed = (await api.get(`/api/runs/${replayId}`)).body;
      expect(replayed).toMatchObject({ status: 'succeeded', replayOf: runId });
      // The CRM was called once more; the customer got the template once, from the original run.
      expect(calls).toBe(2);
      expect(await templates()).toBe(1);
      expect((await api.get(`/api/messages?runId=${replayId}`)).body.messages.filter((message) => message.kind === 'template')).toEqual([]);
      await screenshot(page, 'activity-05-failed-run-replayed');
    } finally {
      await new Promise((resolve) => crm.close(resolve));
    }
  });
});
