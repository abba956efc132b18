import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { projectRoot } from '../infra/data-dir';

/** The machine's Chromium (Debian's `chromium` package), or `CHROMIUM_PATH`. */
export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate))) ?? null;
}

/** Whether the built editor exists (`pnpm build` builds it; the engine serves it at `/`). */
export function editorBuilt(): boolean {
  return existsSync(join(projectRoot(), 'editor', 'dist', 'index.html'));
}

/**
 * Headless Chromium as the environment allows it: no sandbox (root), no GPU, and no
 * background networking (this machine's network is closed and Chromium would retry forever).
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error("No Chromium found: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH");
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
