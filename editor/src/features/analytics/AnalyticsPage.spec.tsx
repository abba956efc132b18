// @vitest-environment happy-dom
import type { MessageFunnel } from '@switchboard/shared';
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AnalyticsPage from './AnalyticsPage';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const counts = { messages: 8, sent: 6, delivered: 5, read: 2, replied: 1, failed: 2 };
const ANSWER: MessageFunnel = {
  groupBy: 'flow',
  from: '2026-11-26T10:00:00.000Z',
  to: '2026-12-03T10:00:00.000Z',
  groups: [
    { key: 'f1', label: 'Reminders', ...counts, messages: 7, sent: 5, delivered: 4, failures: [{ code: 'RECIPIENT_UNAVAILABLE', count: 1 }, { code: 'TEMPLATE_NOT_FOUND', count: 1 }] },
    { key: null, label: 'No flow', messages: 1, sent: 1, delivered: 1, read: 0, replied: 0, failed: 0, failures: [] },
  ],
  totals: { ...counts, failures: [{ code: 'RECIPIENT_UNAVAILABLE', count: 1 }, { code: 'TEMPLATE_NOT_FOUND', count: 1 }] },
  series: [
    { at: '2026-12-02T00:00:00.000Z', messages: 3, sent: 2, delivered: 2, read: 1, replied: 0, failed: 1 },
    { at: '2026-12-03T00:00:00.000Z', messages: 5, sent: 4, delivered: 3, read: 1, replied: 1, failed: 1 },
  ],
};
const EMPTY: MessageFunnel = { ...ANSWER, groups: [], totals: { messages: 0, sent: 0, delivered: 0, read: 0, replied: 0, failed: 0, failures: [] }, series: [] };

describe('the analytics page', () => {
  let container: HTMLDivElement;
  let root: Root;
  let answer: MessageFunnel;
  const asked: URL[] = [];

  beforeEach(() => {
    answer = ANSWER;
    asked.length = 0;
    vi.stubGlobal('fetch', async (input: string) => {
      asked.push(new URL(input, 'http://editor.test'));
      return new Response(JSON.stringify({ ...answer, groupBy: asked.at(-1)!.searchParams.get('groupBy') }), { status: 200, headers: { 'content-type': 'application/json' } });
    });
    // happy-dom lays nothing out: every box measures 600 × 240, so the charts have a size to draw at.
    vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ x: 0, y: 0, top: 0, left: 0, right: 600, bottom: 240, width: 600, height: 240, toJSON: () => ({}) });
    for (const [name, value] of [['clientWidth', 600], ['clientHeight', 240], ['offsetWidth', 600], ['offsetHeight', 240]] as const) {
      vi.spyOn(HTMLElement.prototype, name, 'get').mockReturnValue(value);
    }
    container = document.createElement('div');
    document.body.append(container);
    root = createRoot(container);
  });
  afterEach(() => {
    act(() => root.unmount());
    container.remove();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  const rendered = async () => {
    await act(async () => root.render(<AnalyticsPage />));
    await vi.waitFor(() => expect(container.textContent).not.toContain('Loading'));
  };
  const table = (label: string) => [...container.querySelectorAll(`table[aria-label="${label}"] tbody tr`)].map((row) => [...row.children].map((cell) => cell.textContent?.trim()));

  it('asks for the last 7 days by flow with a daily series, and shows the funnel, each group and the failures with their meaning', async () => {
    await rendered();
    expect(asked[0]!.pathname).toBe('/api/analytics/messages');
    expect(asked[0]!.searchParams.get('groupBy')).toBe('flow');
    expect(asked[0]!.searchParams.get('interval')).toBe('day');
    const from = new Date(asked[0]!.searchParams.get('from')!).getTime();
    expect(new Date(asked[0]!.searchParams.get('to')!).getTime() - from).toBe(7 * 24 * 60 * 60 * 1000);

    const totals = container.querySelector('[aria-label="Totals"]')!.textContent!;
    expect(totals).toContain('Sent675.0 %');
    expect(totals).toContain('Replied112.5 %');
    expect(table('Funnel by flows')).toEqual([
      ['Reminders', '7', '5 71.4 %', '4 57.1 %', '2 28.6 %', '1 14.3 %', '2 28.6 %'],
      ['No flow', '1', '1 100.0 %', '1 100.0 %', '0 0.0 %', '0 0.0 %', '0 0.0 %'],
    ]);
    expect(container.querySelectorAll('[aria-label^="Funnel of "]')).toHaveLength(2);
    const failures = table('Failures by code');
    expect(failures.map((row) => row.slice(0, 2))).toEqual([
      ['RECIPIENT_UNAVAILABLE', '1'],
      ['TEMPLATE_NOT_FOUND', '1'],
    ]);
    expect(failures[1]![2]).toMatch(/template does not exist/);
    await vi.waitFor(() => expect(container.querySelector('[aria-label="Day by day"] svg.recharts-surface')).not.toBeNull());
    expect(container.querySelectorAll('[aria-label^="Funnel of "] svg.recharts-surface')).toHaveLength(2);
  });

  it('asks again by campaign and for 30 days when the tab and the period change', async () => {
    await rendered();
    const campaigns = [...container.querySelectorAll('[role="tab"]')].find((tab) => tab.textContent === 'Campaigns') as HTMLButtonElement;
    await act(async () => campaigns.click());
    await vi.waitFor(() => expect(asked.at(-1)!.searchParams.get('groupBy')).toBe('campaign'));
    await vi.waitFor(() => expect(container.querySelector('table[aria-label="Funnel by campaigns"]')).not.toBeNull());
    const thirty = [...container.querySelectorAll('input[name="analytics-period"]')].find((input) => (input as HTMLInputElement).value === '30d') as HTMLInputElement;
    await act(async () => thirty.click());
    await vi.waitFor(() => {
      const last = asked.at(-1)!;
      expect(new Date(last.searchParams.get('to')!).getTime() - new Date(last.searchParams.get('from')!).getTime()).toBe(30 * 24 * 60 * 60 * 1000);
    });
  });

  it('says so when the period has no message', async () => {
    answer = EMPTY;
    await rendered();
    expect(container.textContent).toContain('No messages in this period');
    expect(container.querySelector('table')).toBeNull();
  });
});
