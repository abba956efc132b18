import { SECRET_SET_MARKER } from '@switchboard/shared';
import { describe, expect, it } from 'vitest';
import { fieldModel } from './schema-model';
import { webhookUrl } from './webhook-url-store';

describe('webhook trigger in the editor', () => {
  it("gives the workspace's token URL for a path, or the bare path while it is unknown", () => {
    expect(webhookUrl('https://flows.example.com/webhooks/in/wh_0123456789abcdef0123456789abcdef/', 'forms/lead')).toBe(
      'https://flows.example.com/webhooks/in/wh_0123456789abcdef0123456789abcdef/forms/lead',
    );
    expect(webhookUrl(undefined, 'lead-form')).toBe('/webhooks/in/lead-form');
  });

  it('draws the secret as a write-only field', () => {
    expect(fieldModel('secret', { type: 'string', minLength: 16, 'x-widget': 'secret' }, false)).toMatchObject({ kind: 'secret', minLength: 16, label: 'Secret' });
    expect(SECRET_SET_MARKER.length).toBeGreaterThanOrEqual(16);
  });
});
