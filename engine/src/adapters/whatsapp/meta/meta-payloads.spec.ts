import { describe, expect, it } from 'vitest';
import { contactObject, locationObject, mediaObject, templateComponents } from './meta-payloads';

const base = { connectionId: 'conn_1', to: '+14155551234' };

describe("Meta's message objects", () => {
  it('puts a media header before the body, by link or by id, a document with its file name', () => {
    expect(templateComponents(['Anna'], { kind: 'image', url: 'https://example.com/x.jpg' })).toEqual([
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://example.com/x.jpg' } }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Anna' }] },
    ]);
    expect(templateComponents([], { kind: 'document', mediaId: '4490', filename: 'terms.pdf' })).toEqual([
      { type: 'header', parameters: [{ type: 'document', document: { id: '4490', filename: 'terms.pdf' } }] },
    ]);
    expect(templateComponents({ name: 'Anna' }, { kind: 'text', text: 'Spring sale' })).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'Spring sale' }] },
      { type: 'body', parameters: [{ type: 'text', parameter_name: 'name', text: 'Anna' }] },
    ]);
    expect(templateComponents([])).toBeUndefined();
  });

  it('sends media by id or by link, with a caption and file name only when given', () => {
    expect(mediaObject({ ...base, kind: 'sticker', mediaId: '12' })).toEqual({ id: '12' });
    expect(mediaObject({ ...base, kind: 'document', url: 'https://example.com/i.pdf', caption: 'Invoice', filename: 'i.pdf' })).toEqual({ link: 'https://example.com/i.pdf', caption: 'Invoice', filename: 'i.pdf' });
  });

  it('writes a location and a contact card with their optional parts left out', () => {
    expect(locationObject({ ...base, latitude: 1.5, longitude: -2 })).toEqual({ latitude: 1.5, longitude: -2 });
    expect(contactObject({ name: { formattedName: 'Desk' }, phones: [{ phone: '+1415', waId: '1415' }], emails: [], urls: [] })).toEqual({
      name: { formatted_name: 'Desk' },
      phones: [{ phone: '+1415', wa_id: '1415' }],
    });
  });
});
