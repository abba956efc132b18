import { describe, expect, it } from 'vitest';
import { REMOTE_EXCERPT_MAX, remoteExcerpt } from './remote-excerpt';

describe('remoteExcerpt', () => {
  it("prefers the service's own error message", () => {
    expect(remoteExcerpt({ error: { message: '(#131026) Message undeliverable', code: 131026 } })).toBe('(#131026) Message undeliverable');
    expect(remoteExcerpt({ errorType: 'Unauthorized', errorMessage: 'Invalid API key' })).toBe('Invalid API key');
    expect(remoteExcerpt({ type: 'about:blank', detail: 'lead not found' })).toBe('lead not found');
    expect(remoteExcerpt({ ok: false, reason: 'nope' })).toBe('{"ok":false,"reason":"nope"}');
  });

  it('collapses line breaks and control characters', () => {
    expect(remoteExcerpt('<html>\r\n  <body>\tBad\u0000gateway\u2028</body>\n</html>')).toBe('<html> <body> Bad gateway </body> </html>');
  });

  it('masks obvious secrets', () => {
    expect(remoteExcerpt('rejected Authorization: Bearer sk-abcdefghijklmnop1234')).toBe('rejected Authorization: Bearer ***');
    expect(remoteExcerpt('{"access_token":"EAABwzLixnjYBO1234567890abcdef"}')).not.toContain('EAAB');
    expect(remoteExcerpt('key=0123456789abcdef0123456789abcdef&x=1')).toBe('key=***&x=1');
    expect(remoteExcerpt('id 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 leaked')).toBe('id *** leaked');
    expect(remoteExcerpt('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U')).toBe('jwt ***');
    expect(remoteExcerpt('blob dGhpcyBpcyBhIHNlY3JldCB2YWx1ZSAxMjM0NTY3ODkw end')).toBe('blob *** end');
  });

  it('keeps paths and long words readable', () => {
    expect(remoteExcerpt('GET /project-apis/v1/project/abc123/wa_template failed')).toBe('GET /project-apis/v1/project/abc123/wa_template failed');
    expect(remoteExcerpt('internationalization_configuration_problem')).toBe('internationalization_configuration_problem');
  });

  it('is short, even for a 5 KB page with a secret past the cut', () => {
    const page = `${'x '.repeat(2500)}token=supersecretvalue123456`;
    const excerpt = remoteExcerpt(page);
    expect(excerpt.length).toBeLessThanOrEqual(REMOTE_EXCERPT_MAX);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(excerpt).not.toContain('supersecret');
    expect(remoteExcerpt('')).toBe('');
    expect(remoteExcerpt(null)).toBe('');
  });
});
