import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { projectRoot } from '../infra/data-dir';

export { chromiumPath, editorBuilt, launchBrowser } from '../bench/chromium';

/** Where the end-to-end tests save their screenshots (CI keeps them as artifacts). */
export const SCREENSHOTS_DIR = join(projectRoot(), 'artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
