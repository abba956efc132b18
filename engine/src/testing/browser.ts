import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, editorBuilt, launchBrowser } from '../bench/chromium';
import { projectRoot } from '../infra/data-dir';
import { TestEngine, type ApiClient } from './test-engine';

export { chromiumPath, editorBuilt, launchBrowser };

/** Where the end-to-end tests save their screenshots (CI keeps them as artifacts). */
export const SCREENSHOTS_DIR = join(projectRoot(), 'artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/**
 * Whether an end-to-end suite can run: a Chromium is on the machine, or CI requires one (then a
 * missing browser fails the suite instead of skipping it). Warns when the suite is skipped.
 */
export function browserSuiteRuns(suite: string): boolean {
  const canRun = chromiumPath() !== null || process.env.SWITCHBOARD_REQUIRE_BROWSER === '1';
  if (!canRun) console.warn(`${suite} skipped: no Chromium (apt-get install chromium, or set CHROMIUM_PATH)`);
  return canRun;
}

/** A test engine serving the built editor, and a page of a headless Chromium to drive it. */
export interface EditorSession {
  engine: TestEngine;
  api: ApiClient;
  browser: Browser;
  page: Page;
  stop(): Promise<void>;
}

export async function openEditorSession(): Promise<EditorSession> {
  if (!editorBuilt()) throw new Error('The editor is not built: run `pnpm build` (the test command does) before the end-to-end tests');
  const engine = await TestEngine.start();
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15_000);
  return {
    engine,
    api: engine.api,
    browser,
    page,
    stop: async () => {
      await browser.close();
      await engine.stop();
    },
  };
}
