import { describe, expect, it } from 'vitest';
import { placeholderHostsIn } from './placeholder-hosts';

describe('placeholderHostsIn', () => {
  it('finds reserved example hosts anywhere in a config, and nothing else', () => {
    expect(
      placeholderHostsIn({
        url: 'https://calendar.example.com/api/appointments?day=tomorrow',
        headers: { 'X-Log': 'see http://EXAMPLE.org:8080/x' },
        list: ['https://sheets.example.com/api', 'https://shop.test/a', 'https://my.example/b', 'https://example.co/nope', 'https://notexample.com', 'mailto:a@example.com'],
      }),
    ).toEqual(['calendar.example.com', 'example.org', 'sheets.example.com', 'shop.test', 'my.example']);
    expect(placeholderHostsIn('plain text')).toEqual([]);
  });
});
