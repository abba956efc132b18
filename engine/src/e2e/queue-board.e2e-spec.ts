import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteRuns, openEditorSession, screenshot, type EditorSession } from '../testing/browser';
import type { ApiClient } from '../testing/test-engine';

/** The queue board in a browser, reached from the editor the way the operator reaches it. */
describe.runIf(browserSuiteRuns('queue board e2e'))('the queue board in a browser', () => {
  let session: EditorSession;
  let api: ApiClient;
  let page: Page;

  beforeAll(async () => {
    session = await openEditorSession();
    ({ api, page } = session);
  }, 90_000);

  afterAll(() => session?.stop());

  it("opens from the editor's Queues link and shows the step queue, under the editor's CSP", async () => {
    const refused: string[] = [];
    page.context().on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()) && !/fonts\.googleapis/.test(message.text())) refused.push(message.text());
    });
    // Straight to the board, the browser is refused.
    const direct = await page.goto(`${api.baseUrl}/admin/queues`);
    expect(direct?.status()).toBe(401);

    await page.goto(`${api.baseUrl}/#/flows`);
    await page.getByRole('button', { name: 'Use an API key instead' }).click();
    await page.getByLabel('API key').fill(api.apiKey!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const [board] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Queues' }).click()]);
    await board.waitForURL(/\/admin\/queues\/?$/);
    await board.getByText('steps').first().waitFor();
    await screenshot(board, 'queue-board');
    expect(refused).toEqual([]);
  });
});
