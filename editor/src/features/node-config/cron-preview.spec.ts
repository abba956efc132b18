import { describe, expect, it } from 'vitest';
import { cronPreview } from './cron-preview';

describe('the schedule preview', () => {
  it('lists the next five firings in the schedule\'s own zone', () => {
    const preview = cronPreview('0 9 * * 1-5', 'Asia/Kolkata', new Date('2026-11-21T12:00:00Z'));
    expect(preview).toEqual({
      ok: true,
      timezone: 'Asia/Kolkata',
      firings: ['Mon, 23 Nov 2026, 09:00', 'Tue, 24 Nov 2026, 09:00', 'Wed, 25 Nov 2026, 09:00', 'Thu, 26 Nov 2026, 09:00', 'Fri, 27 Nov 2026, 09:00'],
    });
  });

  it('explains a wrong expression or zone instead of failing', () => {
    expect(cronPreview('every day', 'UTC')).toMatchObject({ ok: false, message: expect.stringContaining('Five fields') });
    expect(cronPreview('0 9 * * *', 'Mars/Base')).toMatchObject({ ok: false, message: expect.stringContaining('not a time zone') });
  });
});
