import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, editorBuilt, launchBrowser, screenshot } from '../testing/browser';
import { TestEngine, type ApiClient } from '../testing/test-engine';

/** The queue board in a browser, reached from the editor the way the operator reaches it. */
const canRun = chromiumPath() !== null || process.env.SWITCHBOARD_REQUIRE_BROWSER === '1';
if (!canRun) console.warn('queue board e2e skipped: no Chromium (apt-get install chromium, or set CHROMIUM_PATH)');

describe.runIf(canRun)('the queue board in a browser', () => {
  let engine: TestEngine;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!editorBuilt()) throw new Error('The editor is not built: run `pnpm build` (the test command does) before the end-to-end tests');
    engine = await TestEngine.start();
    api = engine.api;
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await engine?.stop();
  });

  it("opens from the editor's Queues link and shows the step queue, under the editor's CSP", async () => {
    const refused: string[] = [];
    page.context().on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text()) && !/fonts\.googleapis/.test(message.text())) refused.push(message.text());
    });
    // Straight to the board, the browser is refused.
    const direct = await page.goto(`${api.baseUrl}/admin/queues`);
    expect(direct?.status()).toBe(401);

    await page.goto(`${api.baseUrl}/#/flows`);
    await page.getByLabel('API key').fill(api.apiKey!);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const [board] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('button', { name: 'Queues' }).click()]);
    await board.waitForURL(/\/admin\/queues\/?$/);
    await board.getByText('steps').first().waitFor();
    await screenshot(board, 'queue-board');
    expect(refused).toEqual([]);
  });
});
