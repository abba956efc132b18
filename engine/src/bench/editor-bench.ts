import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { migrate } from '../database/data-source';
import { adminQuery, databaseUrl, findServices } from '../infra/find-services';
import { chromiumPath, editorBuilt, launchBrowser } from './chromium';
import { startEngineProcess } from './engine-process';

/**
 * `pnpm bench`, second part: the editor with a large flow, in headless Chromium against the
 * built engine. A chain of BENCH_EDITOR_NODES (default 300) steps laid out on a grid; prints
 * how long the flow takes to open, the frame times while a card is dragged (zoomed to fit,
 * every card painted, and zoomed in, the usual working view), selecting a card until its
 * settings show, typing into a setting, and auto-layout.
 *
 * Headless Chromium here paints in software on a shared 2-core machine: the figures are an
 * upper bound for a desktop browser, useful to compare one change with the next.
 */
// What the functions passed to page.evaluate see in the browser (the engine compiles without the DOM library).
declare const window: unknown;
declare const document: {
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> & Iterable<{ textContent: string | null }>;
  querySelector(selector: string): { getAttribute(name: string): string | null } | null;
};
declare function requestAnimationFrame(callback: (now: number) => void): number;

const NODES = Number(process.env.BENCH_EDITOR_NODES ?? 300);
const API_KEY = `sb_bench_${randomBytes(12).toString('hex')}`;

async function main(): Promise<void> {
  if (!chromiumPath()) return console.log('\neditor benchmark skipped: no Chromium (apt-get install chromium, or set CHROMIUM_PATH)');
  if (!editorBuilt()) throw new Error('The editor is not built: run `pnpm build` first');
  const services = await findServices((message) => console.log(message));
  const database = `switchboard_bench_editor_${randomBytes(4).toString('hex')}`;
  await adminQuery(services.adminUrl, `CREATE DATABASE ${database}`);
  const dbUrl = databaseUrl(services.adminUrl, database);
  await migrate(dbUrl);
  const engine = await startEngineProcess({ DATABASE_URL: dbUrl, REDIS_URL: services.redisUrl, QUEUE_PREFIX: `{sbbench-editor-${database}}`, BOOTSTRAP_API_KEY: API_KEY });
  const browser = await launchBrowser();
  try {
    const flowId = await createLargeFlow(engine.url, NODES);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(30_000);
    await page.goto(engine.url);
    await page.getByRole('button', { name: 'Use an API key instead' }).click();
    await page.getByLabel('API key').fill(API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Flows' }).waitFor();

    // Warm-up: the first open fills the HTTP cache and compiles the bundle's code paths.
    await openFlow(page, engine.url, flowId);

    const opened = await openFlow(page, engine.url, flowId);
    const painted = await page.locator('.react-flow__node').count();
    const dragAll = await dragFrames(page);

    const selectStart = performance.now();
    await page.locator('.react-flow__node').nth(Math.floor(painted / 2)).click();
    await page.getByRole('complementary', { name: 'Node settings' }).waitFor();
    const selected = performance.now() - selectStart;
    const typing = await typingLatency(page);
    await page.getByTestId('panel-back').click();

    for (let i = 0; i < 10; i++) await page.locator('.react-flow__controls-zoomin').click();
    await page.waitForTimeout(300);
    const paintedZoomed = await page.locator('.react-flow__node').count();
    const dragZoomed = await dragFrames(page);

    const layoutStart = performance.now();
    await page.getByTestId('toolbar-layout').click();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const layout = performance.now() - layoutStart;

    const ms = (value: number) => `${value.toFixed(0)} ms`;
    console.log(`\nEditor benchmark — a flow of ${NODES} steps in headless Chromium (software rendering), 1280×800`);
    console.log(`open flow           ${ms(opened)}  (navigate → every card on the canvas)`);
    console.log(`drag, fit to view   frames p50 ${ms(dragAll.p50)}  p95 ${ms(dragAll.p95)}  max ${ms(dragAll.max)}  (${painted} cards painted)`);
    console.log(`drag, zoomed in     frames p50 ${ms(dragZoomed.p50)}  p95 ${ms(dragZoomed.p95)}  max ${ms(dragZoomed.max)}  (${paintedZoomed} cards painted)`);
    console.log(`select a card       ${ms(selected)}  (click → its settings panel)`);
    console.log(`typing a setting    ${ms(typing)} per keystroke  (20 keys, each until its card shows the new name)`);
    console.log(`auto-layout         ${ms(layout)}  (click → laid out and painted)`);
  } finally {
    await browser.close();
    await engine.stop();
    await adminQuery(services.adminUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await services.stop();
  }
}

/** A `manual` trigger and a chain of `flow.set` steps on a 15-wide grid. */
async function createLargeFlow(url: string, count: number): Promise<string> {
  const nodes: unknown[] = [{ id: 'start', type: 'manual', position: { x: 0, y: 0 }, config: {} }];
  const edges: unknown[] = [];
  for (let i = 1; i < count; i++) {
    nodes.push({ id: `set_${i}`, type: 'flow.set', position: { x: (i % 15) * 320, y: Math.floor(i / 15) * 180 }, config: { values: { [`value_${i}`]: '{{trigger.name}}' } } });
    edges.push({ id: `e${i}`, source: i === 1 ? 'start' : `set_${i - 1}`, target: `set_${i}` });
  }
  const response = await fetch(`${url}/api/flows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `${count} steps`, graph: { nodes, edges } }),
  });
  const body = (await response.json()) as { id?: string };
  if (!body.id) throw new Error(`creating the flow failed: ${JSON.stringify(body)}`);
  return body.id;
}

/** A fresh page load of the flow (the API key stays in the tab's session) until its cards are drawn and fitted. */
async function openFlow(page: Page, url: string, flowId: string): Promise<number> {
  await page.goto('about:blank');
  const start = performance.now();
  await page.goto(`${url}/#/flows/${flowId}`);
  await page.waitForFunction((count) => document.querySelectorAll('.react-flow__node').length >= count, NODES);
  return performance.now() - start;
}

/** Frame intervals (requestAnimationFrame) while the first visible card is dragged in 40 moves. */
async function dragFrames(page: Page): Promise<{ p50: number; p95: number; max: number }> {
  const card = page.locator('.react-flow__node').first();
  const box = (await card.boundingBox())!;
  await page.evaluate(() => {
    const frames: number[] = [];
    (window as unknown as { benchFrames: number[] }).benchFrames = frames;
    let last = performance.now();
    const tick = (now: number) => {
      frames.push(now - last);
      last = now;
      if (frames.length < 2000) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(box.x + 40, box.y + 20);
  await page.mouse.down();
  for (let i = 1; i <= 40; i++) await page.mouse.move(box.x + 40 + i * 4, box.y + 20 + i * 2);
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const recorded = (window as unknown as { benchFrames: number[] }).benchFrames;
    const copy = recorded.slice(1);
    recorded.length = 2000; // stops the loop
    return copy;
  });
  frames.sort((a, b) => a - b);
  const at = (q: number) => frames[Math.min(frames.length - 1, Math.floor(frames.length * q))] ?? 0;
  return { p50: at(0.5), p95: at(0.95), max: frames[frames.length - 1] ?? 0 };
}

/** Types 20 characters into the selected step's value name, each time until its canvas card shows the new name. */
async function typingLatency(page: Page): Promise<number> {
  // Resolved once: a role query over 300 cards per key press would measure Playwright, not the editor.
  const field = (await page.getByRole('complementary', { name: 'Node settings' }).getByRole('textbox').nth(1).elementHandle())!;
  const name = await field.inputValue();
  if (!name.startsWith('value_')) throw new Error(`expected the value name field, found "${name}"`);
  await field.click();
  await field.press('End');
  const start = performance.now();
  let typed = name;
  for (const key of 'abcdefghijklmnopqrst') {
    typed += key;
    await field.press(key);
    await page.waitForFunction((expected) => [...document.querySelectorAll('.step-summary')].some((summary) => summary.textContent === `Sets ${expected}`), typed, { polling: 'raf' });
  }
  return (performance.now() - start) / 20;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
