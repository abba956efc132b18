import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteRuns, openEditorSession, screenshot, type EditorSession } from '../testing/browser';
import type { ApiClient } from '../testing/test-engine';

const CUSTOMER = '+14155550190';
const SENDER_OPTION = { label: 'Sandbox sender — WhatsApp sandbox' };

/**
 * A button question built in the editor the way a person builds it: the palette adds each step
 * after the selected one, the buttons editor makes Yes and No, the wait step takes their ids
 * with "Expect these buttons", and the customer answers by tapping in the simulator.
 * Screenshots go to artifacts/screenshots/ (interactive-*.png).
 */
describe.runIf(browserSuiteRuns('interactive e2e'))('WhatsApp buttons in the editor and the simulator', () => {
  let session: EditorSession;
  let api: ApiClient;
  let page: Page;
  let sandbox: string;
  let settings: Locator;

  beforeAll(async () => {
    session = await openEditorSession();
    ({ api, page } = session);
    sandbox = await api.sandbox('Sandbox sender');
    await page.goto(`${api.baseUrl}/#/flows`);
    await page.getByRole('button', { name: 'Use an API key instead' }).click();
    await page.getByLabel('API key').fill(api.apiKey!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    settings = page.getByRole('complementary', { name: 'Node settings' });
  }, 90_000);

  afterAll(() => session?.stop());

  /** Adds a step of `type` after the selected one (the palette's click), and waits for its card. */
  const addAfterSelected = async (type: string, nodeId: string) => {
    await page.getByTestId(`palette-item-${type}`).click();
    await page.getByTestId(`node-${nodeId}`).waitFor();
  };
  const select = (nodeId: string) => page.getByTestId(`node-${nodeId}`).click();
  const saved = () => expect.poll(() => page.getByTestId('save-state').textContent(), { timeout: 10_000 }).toMatch(/Saved/);

  it('building a button question with `wait_for_reply` branches and answering it in the simulator by tapping a button', async () => {
    await page.getByRole('button', { name: 'New flow' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Wednesday check');
    await page.locator('[data-testid="template-card"][data-template-id=""]').click();
    await page.getByRole('button', { name: 'Create flow' }).click();
    const canvas = page.getByTestId('flow-canvas');
    await canvas.waitFor();

    // The trigger, dragged from the palette: any message on the sandbox sender.
    const box = (await canvas.boundingBox())!;
    await page.getByTestId('palette-item-whatsapp.message_received').dragTo(canvas, { targetPosition: { x: box.width / 2, y: 100 } });
    await page.getByTestId('node-whatsapp_message_received').waitFor();
    await select('whatsapp_message_received');
    await settings.getByLabel('Connection', { exact: true }).selectOption(SENDER_OPTION);

    // The question: Yes and No made with the buttons editor, ids derived from the titles.
    await addAfterSelected('whatsapp.send_interactive', 'send_interactive');
    await settings.getByLabel('Connection', { exact: true }).selectOption(SENDER_OPTION);
    await settings.getByLabel('To', { exact: true }).fill('{{trigger.from}}');
    await settings.getByLabel('Body', { exact: true }).fill('Still on for Wednesday?');
    const editor = settings.getByTestId('interactive-editor');
    expect(await editor.getAttribute('data-mode')).toBe('buttons');
    await editor.getByRole('button', { name: '+ Add button' }).click();
    await editor.getByRole('button', { name: '+ Add button' }).click();
    // A title past WhatsApp's 20 characters is counted and refused as the node would, before publishing.
    await editor.getByLabel('Button 1 title', { exact: true }).fill('Yes, absolutely, see you there');
    expect(await editor.getByTestId('interactive-button').first().textContent()).toContain('buttons[0].title has 30 characters; WhatsApp allows at most 20');
    await editor.getByLabel('Button 1 title', { exact: true }).fill('Yes');
    await editor.getByLabel('Button 2 title', { exact: true }).fill('No');
    expect(await editor.getByLabel('Button 1 id', { exact: true }).inputValue()).toBe('yes');
    expect(await editor.getByLabel('Button 2 id', { exact: true }).inputValue()).toBe('no');
    expect(await editor.getByTestId('char-count').first().textContent()).toBe('3 / 20');
    expect(await editor.locator('.form-error').count()).toBe(0);
    // The preview shows the message as the phone will.
    const preview = settings.getByRole('figure', { name: 'Preview' });
    expect(await preview.getByTestId('reply-button').allTextContents()).toEqual(['Yes', 'No']);
    await saved();
    await preview.scrollIntoViewIfNeeded();
    await screenshot(page, 'interactive-01-buttons-editor');

    // The wait: it takes the ids of the message before it, one path per button.
    await addAfterSelected('flow.wait_for_reply', 'wait_for_reply');
    await settings.getByLabel('Connection', { exact: true }).selectOption(SENDER_OPTION);
    await settings.getByLabel('From', { exact: true }).fill('{{trigger.from}}');
    const expectSection = settings.getByTestId('expect-buttons');
    expect(await expectSection.textContent()).toContain('Yes (yes), No (no)');
    await expectSection.getByRole('button', { name: 'Expect these buttons' }).click();
    await expectSection.getByRole('status').waitFor();
    for (const handle of ['yes', 'no', 'other', 'timeout']) await page.getByTestId(`handle-wait_for_reply-${handle}`).waitFor();
    expect(await page.getByTestId('handle-wait_for_reply-yes').getAttribute('aria-label')).toBe('Output "Yes" of wait_for_reply');
    expect(await page.getByTestId('handle-wait_for_reply-no').getAttribute('aria-label')).toBe('Output "No" of wait_for_reply');
    await saved();

    // "Great" on yes, "Sorry" on no: each added after the wait, from its next free path.
    await addAfterSelected('whatsapp.send_text', 'send_text');
    await settings.getByLabel('Connection', { exact: true }).selectOption(SENDER_OPTION);
    await settings.getByLabel('To', { exact: true }).fill('{{trigger.from}}');
    await settings.getByLabel('Message', { exact: true }).fill('Great');
    await select('wait_for_reply');
    await addAfterSelected('whatsapp.send_text', 'send_text_2');
    await settings.getByLabel('Connection', { exact: true }).selectOption(SENDER_OPTION);
    await settings.getByLabel('To', { exact: true }).fill('{{trigger.from}}');
    await settings.getByLabel('Message', { exact: true }).fill('Sorry');
    await saved();
    await page.getByTestId('panel-back').click();
    // Tidied, so the screenshot shows the whole flow with its Yes / No paths.
    await page.getByTestId('toolbar-layout').click();
    await page.waitForTimeout(400);
    await screenshot(page, 'interactive-02-canvas');
    await saved();

    const flowId = (await api.get('/api/flows')).body.flows.find((flow) => flow.name === 'Wednesday check')!.id;
    const draft = (await api.get(`/api/flows/${flowId}`)).body;
    expect(draft.problems).toEqual([]);
    const nodes = Object.fromEntries(draft.graph.nodes.map((node) => [node.id, node]));
    expect(nodes.send_interactive!.config).toMatchObject({ body: 'Still on for Wednesday?', buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] });
    expect(nodes.wait_for_reply!.config).toMatchObject({ buttons: ['yes', 'no'] });
    const links = draft.graph.edges.map((edge) => `${edge.source}:${edge.sourceHandle ?? 'default'}->${edge.target}`).sort();
    expect(links).toEqual(['send_interactive:default->wait_for_reply', 'wait_for_reply:no->send_text_2', 'wait_for_reply:yes->send_text', 'whatsapp_message_received:default->send_interactive']);

    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-confirm').click();
    await expect.poll(() => page.getByTestId('flow-status').textContent()).toMatch(/published/i);

    // The customer writes; the question comes back as a bubble with two buttons.
    await page.goto(`${api.baseUrl}/#/sandbox/${sandbox}`);
    await page.getByLabel('Customer phone').fill(CUSTOMER);
    await page.getByLabel('Customer name').fill('Priya');
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).isEnabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Message' }).fill('Hi, about Wednesday');
    await page.getByRole('button', { name: 'Send' }).click();
    const question = page.locator('[data-testid="chat-message"][data-direction="outbound"]').filter({ has: page.getByTestId('interactive-message') });
    await question.waitFor({ timeout: 15_000 });
    expect(await question.getByTestId('reply-button').allTextContents()).toEqual(['Yes', 'No']);
    // The run is waiting for the answer before the customer taps.
    const runId = (await api.get(`/api/runs?flowId=${flowId}`)).body.runs[0]!.id;
    await api.waitForRun(runId, (run) => run.status === 'waiting');
    await screenshot(page, 'interactive-03-simulator-buttons');

    await question.locator('[data-testid="reply-button"][data-button-id="yes"]').click();
    const great = page.locator('[data-testid="chat-message"][data-direction="outbound"]').filter({ hasText: 'Great' });
    await great.waitFor({ timeout: 15_000 });
    // The tap arrived as the customer's message, with the button's title.
    expect(await page.locator('[data-testid="chat-message"][data-direction="inbound"]').last().textContent()).toContain('Yes');
    expect(await page.locator('[data-testid="chat-message"][data-direction="outbound"]').filter({ hasText: 'Sorry' }).count()).toBe(0);
    await screenshot(page, 'interactive-04-simulator-tapped');

    // The run took the yes path.
    const run = await api.waitForRun(runId);
    expect(run.status).toBe('succeeded');
    expect(run.steps.find((step) => step.nodeId === 'wait_for_reply')).toMatchObject({ handle: 'yes', output: { button: 'yes' } });
    expect(run.steps.find((step) => step.nodeId === 'send_text')?.status).toBe('succeeded');
    expect(run.steps.some((step) => step.nodeId === 'send_text_2' && step.status === 'succeeded')).toBe(false);
    await page.goto(`${api.baseUrl}/#/flows/${flowId}/runs/${runId}`);
    await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 10_000 }).toBe('succeeded');
    await expect.poll(() => page.getByTestId('status-send_text').textContent()).toMatch(/succeeded/);
    expect(await page.getByTestId('status-wait_for_reply').textContent()).toMatch(/succeeded/);
    expect((await page.getByTestId('status-send_text_2').count()) === 0 || !/succeeded/.test((await page.getByTestId('status-send_text_2').textContent()) ?? '')).toBe(true);
    await screenshot(page, 'interactive-05-run-yes-branch');
  });

  it('shows an image and a list in the simulator; picking a row answers with its id', async () => {
    const customer = '+14155550191';
    // A sender of its own: the first test's published flow answers every message on its sender.
    const sandbox = await api.sandbox('List sender');
    const flowId = await api.publish('Pick a day', {
      nodes: [
        { id: 'hello', type: 'whatsapp.message_received', config: { connectionId: sandbox } },
        { id: 'map', type: 'whatsapp.send_media', config: { connectionId: sandbox, to: '{{trigger.from}}', kind: 'image', url: `${api.baseUrl}/favicon.svg`, caption: 'How to find us' } },
        {
          id: 'ask',
          type: 'whatsapp.send_interactive',
          config: {
            connectionId: sandbox,
            to: '{{trigger.from}}',
            body: 'Which day suits you?',
            list: { button: 'Choose a day', sections: [{ title: 'This week', rows: [{ id: 'mon', title: 'Monday', description: '9:00 to 17:00' }, { id: 'tue', title: 'Tuesday' }] }] },
          },
        },
        { id: 'wait', type: 'flow.wait_for_reply', config: { connectionId: sandbox, from: '{{trigger.from}}', buttons: ['mon', 'tue'] } },
      ],
      edges: [
        { id: 'e1', source: 'hello', target: 'map' },
        { id: 'e2', source: 'map', target: 'ask' },
        { id: 'e3', source: 'ask', target: 'wait' },
      ],
    });
    await page.goto(`${api.baseUrl}/#/sandbox/${sandbox}?phone=${encodeURIComponent(customer)}`);
    await expect.poll(() => page.getByRole('textbox', { name: 'Message' }).isEnabled()).toBe(true);
    await page.getByRole('textbox', { name: 'Message' }).fill('When can I come by?');
    await page.getByRole('button', { name: 'Send' }).click();

    const image = page.getByTestId('media-image');
    await image.waitFor({ timeout: 15_000 });
    expect(await image.locator('img').getAttribute('alt')).toBe('How to find us');
    const question = page.locator('[data-testid="chat-message"][data-direction="outbound"]').filter({ has: page.getByTestId('list-button') });
    await question.waitFor({ timeout: 15_000 });
    const runId = (await api.get(`/api/runs?flowId=${flowId}`)).body.runs[0]!.id;
    await api.waitForRun(runId, (run) => run.status === 'waiting');

    // The list opens on its button, showing its rows; picking one answers with the row's id.
    await question.getByTestId('list-button').click();
    expect(await question.getByTestId('list-row').allTextContents()).toEqual(['Monday9:00 to 17:00', 'Tuesday']);
    await question.getByTestId('list-row').last().scrollIntoViewIfNeeded();
    await screenshot(page, 'interactive-06-simulator-list');
    await question.locator('[data-testid="list-row"][data-row-id="tue"]').click();
    const run = await api.waitForRun(runId);
    expect(run.steps.find((step) => step.nodeId === 'wait')).toMatchObject({ handle: 'tue', output: { button: 'tue', message: { text: 'Tuesday', reply: { id: 'tue' } } } });
    await expect.poll(() => page.locator('[data-testid="chat-message"][data-direction="inbound"]').last().textContent()).toContain('Tuesday');
  });
});
