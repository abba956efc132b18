import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteRuns, openEditorSession, screenshot, type EditorSession } from '../testing/browser';
import { callCompletedEvent } from '../testing/fixtures';
import type { ApiClient } from '../testing/test-engine';

/**
 * The editor, end to end: the built editor served by the real engine, driven in headless
 * Chromium the way a person uses it. Screenshots go to artifacts/screenshots/.
 *
 * Without a Chromium on the machine the suite is skipped with a note (install Debian's
 * `chromium` to run it); CI installs one and sets SWITCHBOARD_REQUIRE_BROWSER, so there a
 * missing browser fails instead.
 */
describe.runIf(browserSuiteRuns('editor e2e'))('the editor in a browser', () => {
  let session: EditorSession;
  let api: ApiClient;
  let page: Page;

  beforeAll(async () => {
    session = await openEditorSession();
    ({ api, page } = session);
  }, 90_000);

  afterAll(() => session?.stop());

  it('signs in, and builds, publishes and runs the seed appointment confirmation without the API', async () => {
    await page.goto(`${api.baseUrl}/#/connections`);
    await page.getByRole('button', { name: 'Use an API key instead' }).click();
    await page.getByLabel('API key').fill(api.apiKey!);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // A sandbox sender, made on the connections page.
    await page.getByRole('button', { name: 'New connection' }).first().click();
    await page.getByRole('radio', { name: 'Sandbox' }).check();
    await page.getByLabel('Name', { exact: true }).fill('Sandbox sender');
    await page.getByRole('button', { name: 'Create connection' }).click();
    await expect.poll(() => page.getByTestId('connection').count()).toBe(1);

    // A new flow from scratch.
    await page.getByRole('link', { name: 'Flows', exact: true }).click();
    await page.getByRole('button', { name: 'New flow' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Appointment confirmation');
    await page.locator('[data-testid="template-card"][data-template-id=""]').click();
    await page.getByRole('button', { name: 'Create flow' }).click();
    await page.getByTestId('flow-canvas').waitFor();

    // Drag the trigger and the send step from the palette onto the canvas.
    const canvas = page.getByTestId('flow-canvas');
    const box = (await canvas.boundingBox())!;
    await page.getByTestId('palette-item-call.completed').dragTo(canvas, { targetPosition: { x: box.width / 2, y: 120 } });
    await page.getByTestId('node-call_completed').waitFor();
    // The canvas centres the first card; the second goes well below it.
    await page.getByTestId('palette-item-whatsapp.send_template').dragTo(canvas, { targetPosition: { x: box.width / 2, y: box.height - 160 } });
    await page.getByTestId('node-send_template').waitFor();

    // The trigger was selected (just added), so the send step dropped next follows it: linked from its output.
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);

    // The trigger: connected calls that booked an appointment.
    await page.getByTestId('node-call_completed').click();
    const settings = page.getByRole('complementary', { name: 'Node settings' });
    await settings.getByRole('radio', { name: 'Connected', exact: true }).check();
    await settings.getByRole('button', { name: 'Add condition' }).click();
    await settings.getByLabel('Condition 1 field', { exact: true }).fill('trigger.variables.appointment_booked');
    await settings.getByLabel('Condition 1 operator', { exact: true }).selectOption({ label: 'equals' });
    await settings.getByLabel('Condition 1 value', { exact: true }).fill('true');

    // The send step: the sender, the template, the recipient and its three parameters.
    await page.getByTestId('node-send_template').click();
    await settings.getByLabel('Connection', { exact: true }).selectOption({ label: 'Sandbox sender — WhatsApp sandbox' });
    await settings.getByLabel('Template', { exact: true }).selectOption('appointment_confirmation');
    await settings.getByLabel('To', { exact: true }).fill('{{trigger.customer.phone}}');
    await settings.getByLabel('Parameter {{1}}', { exact: true }).fill('{{trigger.customer.name}}');
    await settings.getByLabel('Parameter {{2}}', { exact: true }).fill('{{trigger.variables.appointment_date}}');
    await settings.getByLabel('Parameter {{3}}', { exact: true }).fill('{{trigger.variables.appointment_time}}');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/Saved/);
    await screenshot(page, '01-config-panel');
    // Back to the flow's overview (the problems and runs of the flow).
    await page.getByTestId('panel-back').click();
    await screenshot(page, '02-canvas');

    // What the editor saved is the seed's flow.
    const flowId = (await api.get('/api/flows')).body.flows[0].id as string;
    const saved = (await api.get(`/api/flows/${flowId}`)).body;
    expect(saved.problems).toEqual([]);
    const nodes = Object.fromEntries(saved.graph.nodes.map((node: any) => [node.id, node]));
    expect(nodes.call_completed.config).toMatchObject({ callType: 'connected', conditions: { and: [{ '==': [{ var: 'trigger.variables.appointment_booked' }, true] }] } });
    expect(nodes.send_template.config).toMatchObject({
      template: 'appointment_confirmation',
      to: '{{trigger.customer.phone}}',
      parameters: ['{{trigger.customer.name}}', '{{trigger.variables.appointment_date}}', '{{trigger.variables.appointment_time}}'],
    });

    // Publish.
    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-confirm').click();
    await expect.poll(() => page.getByTestId('flow-status').textContent()).toMatch(/published/i);

    // A call ends (through the API, as the voice platform would); the run shows in the editor.
    const posted = await api.post('/api/events', callCompletedEvent({ id: 'e2e-call-1' }));
    expect(posted.body.runs).toHaveLength(1);
    await page.getByTestId('panel-tab-runs').click();
    const row = page.locator(`[data-testid="run-row"][data-run-id="${posted.body.runs[0].runId}"]`);
    await row.waitFor();
    await row.click();
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('succeeded');
    await expect.poll(() => page.getByTestId('status-send_template').textContent()).toMatch(/succeeded/);
    const message = page.getByTestId('run-message');
    await message.first().waitFor();
    expect(await message.first().textContent()).toContain('appointment_confirmation');
    await screenshot(page, '03-run-view');
  });

  it('refuses a connection that would make a loop as it is drawn, and shows an invalid config on its node', async () => {
    await page.getByTestId('back-to-editing').click();
    const canvas = page.getByTestId('flow-canvas');
    const box = (await canvas.boundingBox())!;
    await page.getByTestId('palette-item-flow.delay').dragTo(canvas, { targetPosition: { x: box.width / 2, y: box.height - 70 } });
    await page.getByTestId('node-delay').waitFor();
    // Tidy up first: the new card sits right under the send step.
    await page.getByTestId('toolbar-layout').click();
    await page.waitForTimeout(400);
    await drag(page, page.getByTestId('handle-send_template-default'), page.getByTestId('handle-delay-in'));
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);

    // delay → send_template would loop back: refused, with the reason, and no edge is added.
    await drag(page, page.getByTestId('handle-delay-default'), page.getByTestId('handle-send_template-in'));
    await expect.poll(() => page.getByTestId('canvas-notice').textContent()).toMatch(/loop/i);
    expect(await page.locator('.react-flow__edge').count()).toBe(2);
    await screenshot(page, '04-connection-refused');

    await page.getByTestId('node-send_template').click();
    const settings = page.getByRole('complementary', { name: 'Node settings' });
    await settings.getByLabel('To', { exact: true }).fill('');
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/Saved/);
    const problems = page.getByTestId('problems-send_template');
    await problems.waitFor();
    expect(await problems.getAttribute('aria-label')).toMatch(/phone number|required/i);
    await screenshot(page, '05-invalid-config');
  });

  it('shows what changed since the live version, and restores that version into the draft', async () => {
    await expect.poll(() => page.getByTestId('unpublished-changes').count()).toBe(1);
    await page.getByTestId('publish-button').click();
    const diff = page.getByTestId('publish-diff');
    await expect.poll(() => diff.textContent()).toMatch(/Changes since v1/);
    expect(await diff.textContent()).toMatch(/1 step added.*1 step changed.*1 link added/);
    await page.getByRole('button', { name: 'Cancel' }).click();

    await page.getByTestId('flow-menu-button').click();
    await page.getByRole('menuitem', { name: /Versions/ }).click();
    const v1 = page.getByTestId('version-1');
    await expect.poll(() => v1.textContent()).toMatch(/Live/);
    await v1.getByRole('button', { name: 'Restore to draft' }).click();
    // Restoring asks first and shows what it changes in the draft.
    await expect.poll(() => page.getByTestId('restore-diff').textContent()).toMatch(/1 step removed.*1 step changed.*1 link removed/);
    await page.getByTestId('restore-confirm').click();
    await page.getByTestId('restore-dialog').waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(1);
    expect(await page.getByTestId('node-delay').count()).toBe(0);
    await expect.poll(() => page.getByTestId('unpublished-changes').count()).toBe(0);
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/Saved/);
    expect(await page.getByTestId('problems-send_template').count()).toBe(0);
    const draft = (await api.get(`/api/flows/${(await api.get('/api/flows')).body.flows[0].id}`)).body;
    expect(draft).toMatchObject({ valid: true, graph: { nodes: [{ id: 'call_completed' }, { id: 'send_template' }] } });
  });

  it('lets a customer write in the sandbox simulator and shows the reply of an inbound flow', async () => {
    const connectionId = (await api.get('/api/connections')).body.connections[0].id as string;
    await api.publish('Greet new chats', {
      nodes: [
        { id: 'hello', type: 'conversation.started', config: { connectionId } },
        { id: 'reply', type: 'whatsapp.send_text', config: { connectionId, to: '{{trigger.from}}', message: 'Hi {{trigger.name}}, thanks for writing! How can we help?' } },
      ],
      edges: [{ id: 'e1', source: 'hello', target: 'reply' }],
    });
    await page.goto(`${api.baseUrl}/#/sandbox/${connectionId}`);
    // The simulator opens the newest customer's chat (the one the template went to): write as a new one.
    await page.getByTestId('sandbox-customers').waitFor();
    await page.getByLabel('Customer phone').fill('+14155550100');
    await page.getByLabel('Customer name').fill('Priya');
    await page.getByRole('textbox', { name: 'Message' }).fill('Hi, can I move my appointment?');
    await page.getByRole('button', { name: 'Send' }).click();
    const reply = page.locator('[data-testid="chat-message"][data-direction="outbound"]');
    await reply.first().waitFor({ timeout: 10_000 });
    expect(await reply.first().textContent()).toContain('Hi Priya, thanks for writing! How can we help?');
    await screenshot(page, '06-sandbox');
  });
  it("shows a loop's items and a wait's outcome in the run view", async () => {
    const connectionId = (await api.get('/api/connections')).body.connections[0].id as string;
    const phone = '+14155550177';
    const guests = [
      { name: 'Asha', phone: '+14155550181' },
      { name: 'Ben', phone: '+14155550182' },
      { name: 'Chen', phone: 'not a number' },
      { name: 'Dana', phone: '+14155550184' },
    ];
    // call → each guest gets a reminder → then the caller is asked, and the run waits for the answer.
    const flowId = await api.publish('Remind the guests, then ask', {
      nodes: [
        { id: 'call', type: 'call.completed', config: {}, position: { x: 0, y: 0 } },
        { id: 'each', type: 'flow.loop', config: { items: '{{trigger.variables.guests}}' }, position: { x: 0, y: 170 } },
        {
          id: 'remind',
          type: 'whatsapp.send_template',
          config: { connectionId, template: 'appointment_reminder', language: 'en', to: '{{steps.each.item.phone}}', parameters: ['{{steps.each.item.name}}', 'Dr. Rao', '10:00', 'Main St 1'] },
          position: { x: -170, y: 340 },
        },
        { id: 'ask', type: 'flow.wait_for_reply', config: { connectionId, from: '{{trigger.customer.phone}}', timeoutMinutes: 30 }, position: { x: 170, y: 340 } },
        { id: 'noted', type: 'flow.set', config: { values: { answer: '{{steps.ask.message.text}}' } }, position: { x: 170, y: 510 } },
      ],
      edges: [
        { id: 'e1', source: 'call', target: 'each' },
        { id: 'e2', source: 'each', sourceHandle: 'item', target: 'remind' },
        { id: 'e3', source: 'each', sourceHandle: 'done', target: 'ask' },
        { id: 'e4', source: 'ask', sourceHandle: 'replied', target: 'noted' },
      ],
    });
    const posted = await api.post('/api/events', callCompletedEvent({ id: 'e2e-loop-1', phone, variables: { guests } }));
    const runId = posted.body.runs.find((run: any) => run.flowId === flowId)!.runId as string;
    await api.waitForRun(runId, (run) => run.steps.find((step: any) => step.nodeId === 'ask')?.status === 'waiting');

    await page.goto(`${api.baseUrl}/#/flows/${flowId}/runs/${runId}`);
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status')).toBe('waiting');

    // The loop opens on its own (a step of it failed): its tally, every item, the failed one first.
    const loop = page.getByTestId('loop-iterations');
    await expect.poll(() => loop.getByTestId('loop-tally').textContent()).toBe('3 succeeded · 1 failed');
    const rows = loop.getByTestId('iteration-row');
    expect(await rows.count()).toBe(4);
    expect(await loop.locator('[data-testid="iteration-row"][data-status="failed"]').getAttribute('data-index')).toBe('2');
    const detail = loop.getByTestId('iteration-detail');
    expect(await detail.getAttribute('data-index')).toBe('2');
    expect(await detail.textContent()).toMatch(/INVALID_PHONE/);
    await loop.getByTestId('loop-filter-failed').click();
    await expect.poll(() => rows.count()).toBe(1);
    await loop.getByTestId('loop-filter-all').click();
    await expect.poll(() => rows.count()).toBe(4);
    await loop.locator('[data-testid="iteration-row"][data-index="1"]').click();
    await expect.poll(() => detail.getAttribute('data-index')).toBe('1');
    expect(await detail.locator('[data-testid="iteration-step"][data-node-id="remind"]').getAttribute('data-status')).toBe('succeeded');
    expect(await detail.textContent()).toContain(guests[1]!.phone);

    // The canvas counts the runs of the loop's step and its failures.
    expect(await page.getByTestId('repeats-remind').textContent()).toMatch(/×4.*1 failed/);
    expect(await page.getByTestId('repeats-each').textContent()).toMatch(/4 items.*1 failed/);

    // The wait says whom it waits for; the reply shows once it comes.
    const wait = page.locator('[data-testid="step-row"][data-node-id="ask"] [data-testid="wait-outcome"]');
    expect(await wait.getAttribute('data-outcome')).toBe('waiting');
    expect(await wait.textContent()).toContain(phone);
    await screenshot(page, '07-loop-run-view');

    const reply = await api.post(`/api/sandbox/${connectionId}/inbound`, { from: phone, text: 'Yes, Tuesday works for all of us' });
    expect(reply.status).toBe(202);
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('succeeded');
    await expect.poll(() => wait.getAttribute('data-outcome')).toBe('replied');
    expect(await wait.textContent()).toContain('Yes, Tuesday works for all of us');
    await page.locator('[data-testid="step-row"][data-node-id="ask"] .run-step-toggle').click();
    expect(await page.getByTestId('wait-reply-text').textContent()).toBe('Yes, Tuesday works for all of us');
    await screenshot(page, '08-wait-replied');
  });
  it('groups the seed workflows in the gallery and says what a template still needs', async () => {
    await page.goto(`${api.baseUrl}/#/flows`);
    await page.getByRole('button', { name: 'New flow' }).first().click();
    const group = (category: string) => page.locator(`[data-testid="template-group"][data-category="${category}"]`);
    await group('Lead qualification').waitFor();
    for (const [category, id] of [['Post-call WhatsApp', 'post_call_follow_up'], ['Lead qualification', 'lead_qualification'], ['Reminders', 'appointment_reminders']]) {
      expect(await group(category!).locator(`[data-testid="template-card"][data-template-id="${id}"]`).count()).toBe(1);
    }
    // One category at a time.
    await page.getByTestId('template-category').filter({ hasText: 'Reminders' }).click();
    expect(await page.getByTestId('template-group').count()).toBe(1);
    await page.locator('[data-testid="template-card"][data-template-id="appointment_reminders"]').click();
    const setup = page.getByTestId('template-setup');
    await expect.poll(() => setup.textContent()).toMatch(/Sandbox sender/);
    expect(await setup.textContent()).toMatch(/calendar\.example\.com/);
    await page.getByRole('button', { name: 'Create from template' }).click();
    await page.getByTestId('node-each_appointment').waitFor();

    // The draft got the workspace's sender, and the example address is flagged where it is set.
    await page.getByTestId('node-fetch_appointments').click();
    const settings = page.getByRole('complementary', { name: 'Node settings' });
    expect(await settings.getByTestId('example-address').textContent()).toMatch(/calendar\.example\.com is an example address/);
    const flowId = page.url().match(/flows\/([0-9a-f-]{36})/)![1]!;
    const draft = (await api.get(`/api/flows/${flowId}`)).body;
    expect(draft.graph.nodes.find((node: any) => node.id === 'send_reminder')!.config.connectionId).toBe((await api.get('/api/connections')).body.connections[0].id);
    await screenshot(page, '09-template-draft');
  });

  it('sets up an in-call function from the gallery: its arguments in a form, the tool the agent sees, and its invoke URL once published', async () => {
    await page.goto(`${api.baseUrl}/#/flows`);
    await page.getByRole('button', { name: 'New flow' }).first().click();
    const group = page.locator('[data-testid="template-group"][data-category="In-call functions"]');
    await group.waitFor();
    // The seed's three in-call functions, each saying what starts it.
    for (const id of ['send_otp', 'send_payment_link', 'send_reference_number']) {
      expect(await group.locator(`[data-testid="template-card"][data-template-id="${id}"] .fl-card-category`).textContent()).toBe('In-call function');
    }
    await page.getByLabel('Name', { exact: true }).fill('Payment link in the call');
    await group.locator('[data-testid="template-card"][data-template-id="send_payment_link"]').click();
    await page.getByRole('button', { name: 'Create from template' }).click();
    await page.getByTestId('node-function_called').waitFor();
    const flowId = page.url().match(/flows\/([0-9a-f-]{36})/)![1]!;
    const template = (await api.get('/api/flow-templates')).body.templates.find((candidate: any) => candidate.id === 'send_payment_link')!;
    // The trigger's settings are the node's own config, untyped in the flow document.
    const trigger = template.graph.nodes.find((node: any) => node.type === 'call.function')!.config as { description: string; parameters: { properties: Record<string, unknown> } };
    // A draft made from the template is ready to publish.
    expect((await api.get(`/api/flows/${flowId}`)).body).toMatchObject({ valid: true, problems: [] });

    // The trigger's form: the template's argument as a card, and the tool the agent will see.
    await page.getByTestId('node-function_called').click();
    const settings = page.getByRole('complementary', { name: 'Node settings' });
    const toolText = settings.getByTestId('function-tool-definition');
    const tool = async () => JSON.parse((await toolText.textContent()) ?? '');
    expect(await settings.getByLabel('Argument 1 name', { exact: true }).inputValue()).toBe('amount');
    expect(await settings.getByLabel('Argument 1 type', { exact: true }).inputValue()).toBe('number');
    expect(await tool()).toEqual({ type: 'function', function: { name: 'send_payment_link', description: trigger.description, parameters: trigger.parameters } });
    await expect.poll(() => settings.getByTestId('function-status').getAttribute('data-status')).toBe('not-live');

    // A second argument, one of a list: the preview follows as it is typed.
    await settings.getByRole('button', { name: '+ Add argument' }).click();
    await settings.getByLabel('Argument 2 name', { exact: true }).fill('currency');
    await settings.getByLabel('Argument 2 type', { exact: true }).selectOption('enum');
    await settings.getByRole('button', { name: '+ Add choice' }).click();
    await settings.getByLabel('Argument 2 choice 1', { exact: true }).fill('INR');
    await settings.getByRole('button', { name: '+ Add choice' }).click();
    await settings.getByLabel('Argument 2 choice 2', { exact: true }).fill('USD');
    await settings.getByLabel('Argument 2 description', { exact: true }).fill('The currency the customer pays in');
    const parameters = {
      ...trigger.parameters,
      properties: { ...trigger.parameters.properties, currency: { type: 'string', description: 'The currency the customer pays in', enum: ['INR', 'USD'] } },
      required: ['amount', 'currency'],
    };
    await expect.poll(async () => (await tool()).function.parameters).toEqual(parameters);
    // The JSON view shows the same schema, the template's keywords (minimum, examples, additionalProperties) kept.
    await settings.getByRole('button', { name: 'JSON', exact: true }).click();
    expect(JSON.parse(await settings.getByLabel('Parameters (JSON Schema)').inputValue())).toEqual(parameters);
    await settings.getByRole('button', { name: 'Form', exact: true }).click();
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/Saved/);
    const saved = (await api.get(`/api/flows/${flowId}`)).body;
    expect(saved.graph.nodes.find((node: any) => node.id === 'function_called')!.config.parameters).toEqual(parameters);
    expect(saved.problems).toEqual([]);
    await settings.getByTestId('function-tool').scrollIntoViewIfNeeded();
    await screenshot(page, '10-function-form');

    // Published: the function is live, at the engine's public invoke URL, and that URL can be copied.
    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-confirm').click();
    await expect.poll(() => page.getByTestId('flow-status').textContent()).toMatch(/published/i);
    await expect.poll(() => settings.getByTestId('function-status').getAttribute('data-status')).toBe('live');
    const listed = (await api.get('/api/functions')).body;
    const invokeUrl = listed.functions.find((entry: any) => entry.name === 'send_payment_link')!.invokeUrl as string;
    expect(invokeUrl).toBe('https://flows.example.test/api/functions/send_payment_link/invoke');
    expect(await settings.getByTestId('function-invoke-url').textContent()).toBe(invokeUrl);
    expect(listed.tools).toContainEqual(await tool());
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(api.baseUrl).origin });
    await settings.getByRole('button', { name: 'Copy invoke URL' }).click();
    await expect.poll(() => page.evaluate<string>('navigator.clipboard.readText()')).toBe(invokeUrl);

    // The platform picker: Retell's custom function, exactly as GET /api/functions?format=retell lists it, and where the key goes.
    const formats = settings.getByTestId('function-tool-format');
    await formats.getByLabel('Retell', { exact: true }).check();
    const retell = (await api.get('/api/functions?format=retell')).body as { tools: Array<Record<string, unknown>> };
    await expect.poll(tool).toEqual(retell.tools.find((entry) => entry.name === 'send_payment_link'));
    expect((await tool()).url).toBe(`${invokeUrl}?format=retell`);
    expect(await settings.getByTestId('function-tool-auth').textContent()).toContain('headers.Authorization');
    await formats.getByLabel('OpenAI', { exact: true }).check();
    expect(await tool()).toEqual({ type: 'function', function: { name: 'send_payment_link', description: trigger.description, parameters } });

    // The example call, sent as it is (to this engine's address), is answered by the flow's Respond step.
    await settings.getByTestId('function-tool').locator('summary').click();
    const curl = (await settings.getByTestId('function-curl').textContent())!;
    expect(curl).toContain(`'${invokeUrl}'`);
    expect(curl).toContain('Bearer $SWITCHBOARD_API_KEY');
    const body = JSON.parse(curl.slice(curl.indexOf("-d '") + 4, curl.lastIndexOf("'")));
    expect(body.arguments).toEqual({ amount: 499, currency: 'INR' });
    const answer = await api.post('/api/functions/send_payment_link/invoke', body);
    expect(answer).toMatchObject({ status: 200, body: { sent: true, messageId: expect.any(String) } });
    await screenshot(page, '11-function-live');

    // The Respond step says whom it answers.
    await page.getByTestId('node-respond_sent').click();
    expect(await settings.getByTestId('respond-caller').textContent()).toMatch(/voice agent that called send_payment_link.*8 s/);
    await api.post(`/api/flows/${flowId}/unpublish`);
  });

  it('never overwrites a save made elsewhere: it asks to reload theirs or overwrite with mine', async () => {
    const graph = (message: string) => ({
      nodes: [
        { id: 'start', type: 'manual', config: {}, position: { x: 0, y: 0 } },
        { id: 'keep', type: 'flow.set', config: { values: { message } }, position: { x: 0, y: 160 } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'keep' }],
    });
    const messageOf = (flow: any) => flow.graph.nodes.find((node: any) => node.id === 'keep').config.values.message;
    const flowId = (await api.post('/api/flows', { name: 'Shared draft', graph: graph('original') })).body.id as string;
    const stored = async () => (await api.get(`/api/flows/${flowId}`)).body;
    await page.goto(`${api.baseUrl}/#/flows/${flowId}`);
    await page.getByTestId('node-keep').waitFor();

    // A second tab on the same flow is told that this one has it open too.
    const second = await page.context().browser()!.newPage({ viewport: { width: 1280, height: 800 } });
    await second.addInitScript(`window.sessionStorage.setItem('switchboard.apiKey', ${JSON.stringify(api.apiKey)})`);
    await second.goto(`${api.baseUrl}/#/flows/${flowId}`);
    await expect.poll(() => second.getByTestId('presence').textContent({ timeout: 10_000 })).toMatch(/Also open in 1 other tab/);
    await second.close();

    // Someone else saves first; this tab's next save is refused and asks, storing nothing.
    expect((await api.put(`/api/flows/${flowId}`, { name: 'Shared draft', graph: graph('theirs'), baseRevision: 1 })).status).toBe(200);
    await page.getByTestId('flow-name').fill('Mine');
    const dialog = page.getByTestId('conflict-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/Someone else saved this flow since you opened it/);
    expect(await stored()).toMatchObject({ name: 'Shared draft', revision: 2 });
    await screenshot(page, '12-save-conflict');

    // Reload theirs: the local change is dropped and the stored draft shown; the next save goes through.
    await page.getByTestId('conflict-reload').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('flow-name').inputValue()).toBe('Shared draft');
    expect(await page.getByTestId('save-state').textContent()).toMatch(/Saved/);

    // Again, and this time overwrite with mine: the name typed here, on the draft as reloaded.
    expect((await api.put(`/api/flows/${flowId}`, { name: 'Shared draft', graph: graph('theirs again'), baseRevision: 2 })).status).toBe(200);
    await page.getByTestId('flow-name').fill('Mine');
    await dialog.waitFor();
    await page.getByTestId('conflict-overwrite').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/Saved/);
    const overwritten = await stored();
    expect(overwritten).toMatchObject({ name: 'Mine', revision: 4 });
    expect(messageOf(overwritten)).toBe('theirs');
  });
});

/** Draws an edge with the mouse, as xyflow expects: press on the handle, move in steps, release. */
async function drag(page: Page, from: ReturnType<Page['locator']>, to: ReturnType<Page['locator']>): Promise<void> {
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}
