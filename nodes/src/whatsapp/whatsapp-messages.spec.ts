import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { failure, fakeWhatsApp, runAction } from '../testing/harness';
import { pathOf } from './checks';
import { sendContact } from './send-contact';
import { sendLocation } from './send-location';
import { sendMedia } from './send-media';
import { sendTemplate } from './send-template';

const base = { connectionId: 'conn_wa_1', to: '+14155551234' };

/** The problems `POST /api/flows/validate` and publish report for a node's un-rendered config. */
const designProblems = (type: string, config: Record<string, unknown>) => catalog.validateConfig(catalog.get(type)!, config);

describe('whatsapp.send_media: url or media id, sticker', () => {
  it('sends a sticker by media id and a document by media id with its file name', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(sendMedia, { ...base, kind: 'sticker', mediaId: ' 1203945587364511 ' }, { whatsapp: whatsapp.port });
    await runAction(sendMedia, { ...base, kind: 'document', mediaId: '998877', filename: 'invoice.pdf', caption: 'Your invoice' }, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.sendMedia).toEqual([
      { ...base, kind: 'sticker', mediaId: '1203945587364511' },
      { ...base, kind: 'document', mediaId: '998877', filename: 'invoice.pdf', caption: 'Your invoice' },
    ]);
  });

  it.each([
    ['both url and mediaId', { kind: 'image', url: 'https://example.com/a.png', mediaId: '1' }, 'mediaId', 'either url or mediaId, not both'],
    ['neither url nor mediaId', { kind: 'image' }, 'url', 'Give url (a public link) or mediaId'],
    ['a mediaId that rendered empty', { kind: 'image', mediaId: '  ' }, 'mediaId', 'mediaId is empty'],
    ['a caption on a sticker', { kind: 'sticker', mediaId: '1', caption: 'hi' }, 'caption', 'sticker messages have no caption'],
  ])('refuses %s at run time, naming the field, before asking the window', async (_name, extra, field, message) => {
    const whatsapp = fakeWhatsApp();
    const error = await failure(runAction(sendMedia, { ...base, ...extra }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(field);
    expect(error.message).toContain(message);
    expect(whatsapp.calls.serviceWindow).toEqual([]);
  });

  it('reports static violations at design time at their field, and lets templated values pass', () => {
    expect(designProblems('whatsapp.send_media', { ...base, kind: 'audio', url: 'https://example.com/a.ogg', caption: 'Listen' })).toEqual([
      { field: 'caption', message: 'caption: WhatsApp audio messages have no caption; remove it or send the text separately' },
    ]);
    expect(designProblems('whatsapp.send_media', { ...base, kind: 'image', url: 'https://example.com/a.png', mediaId: '1' })).toEqual([{ field: 'mediaId', message: 'Give either url or mediaId, not both' }]);
    expect(designProblems('whatsapp.send_media', { ...base, kind: 'image' })).toMatchObject([{ field: 'url' }]);
    expect(designProblems('whatsapp.send_media', { ...base, kind: 'image', mediaId: '{{trigger.media.id}}', caption: '{{trigger.text}}' })).toEqual([]);
    expect(designProblems('whatsapp.send_media', { ...base, kind: '{{trigger.media.kind}}', mediaId: '{{trigger.media.id}}', caption: 'x' })).toEqual([]);
  });
});

describe('whatsapp.send_location', () => {
  it('sends the pin with its name and address', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(sendLocation, { ...base, latitude: '52.520008', longitude: 13.404954, name: 'Main Street Clinic', address: '1 Main Street' }, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.sendLocation).toEqual([{ ...base, latitude: 52.520008, longitude: 13.404954, name: 'Main Street Clinic', address: '1 Main Street' }]);
  });

  it.each([
    [{ latitude: 91, longitude: 0 }, 'latitude', 'latitude 91 is out of range; it must be between -90 and 90'],
    [{ latitude: 0, longitude: -180.5 }, 'longitude', 'longitude -180.5 is out of range; it must be between -180 and 180'],
  ])('refuses %j naming the field, at run time and at design time', async (coordinates, field, message) => {
    const whatsapp = fakeWhatsApp();
    const error = await failure(runAction(sendLocation, { ...base, ...coordinates }, { whatsapp: whatsapp.port }));
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', message });
    expect(whatsapp.calls.sendLocation).toEqual([]);
    expect(designProblems('whatsapp.send_location', { ...base, ...coordinates })).toEqual([{ field, message }]);
  });

  it('takes templated coordinates at design time', () => {
    expect(designProblems('whatsapp.send_location', { ...base, latitude: '{{trigger.location.latitude}}', longitude: '{{trigger.location.longitude}}' })).toEqual([]);
  });
});

describe('whatsapp.send_contact', () => {
  it('sends one card with its name, phones, emails and links', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(
      sendContact,
      { ...base, formattedName: 'Dr. Sam Lee', firstName: 'Sam', lastName: 'Lee', company: 'Main Street Clinic', phones: [{ phone: '+14155550100', type: 'WORK' }], emails: [{ email: 'desk@example.com' }], urls: [] },
      { whatsapp: whatsapp.port },
    );
    expect(whatsapp.calls.sendContact).toEqual([
      {
        ...base,
        contact: { name: { formattedName: 'Dr. Sam Lee', firstName: 'Sam', lastName: 'Lee' }, company: 'Main Street Clinic', phones: [{ phone: '+14155550100', type: 'WORK' }], emails: [{ email: 'desk@example.com' }], urls: [] },
      },
    ]);
  });

  it('needs a name and well-formed entries, naming the field', async () => {
    expect(designProblems('whatsapp.send_contact', { ...base, formattedName: '' })).toMatchObject([{ field: 'formattedName' }]);
    expect(designProblems('whatsapp.send_contact', { ...base, formattedName: 'Desk', emails: [{ email: 'not-an-email' }], urls: [{ url: 'example.com' }] })).toEqual([
      { field: 'emails[0].email', message: 'emails[0].email "not-an-email" is not an email address' },
      { field: 'urls[0].url', message: 'urls[0].url "example.com" is not an http(s) link' },
    ]);
    const whatsapp = fakeWhatsApp();
    const error = await failure(runAction(sendContact, { ...base, formattedName: 'Desk', phones: [{ phone: 'call us' }] }, { whatsapp: whatsapp.port }));
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', message: 'phones[0].phone "call us" is not a phone number' });
  });
});

describe('whatsapp.send_template header', () => {
  const template = { ...base, template: 'offer', parameters: ['Alex'] };

  it('passes an image header by link, a document by media id with its file name, and a text value', async () => {
    const whatsapp = fakeWhatsApp();
    await runAction(sendTemplate, { ...template, header: { kind: 'image', url: 'https://example.com/offer.jpg' } }, { whatsapp: whatsapp.port });
    await runAction(sendTemplate, { ...template, header: { kind: 'document', mediaId: '4490', filename: 'terms.pdf' } }, { whatsapp: whatsapp.port });
    await runAction(sendTemplate, { ...template, header: { kind: 'text', text: 'Alex' } }, { whatsapp: whatsapp.port });
    expect(whatsapp.calls.sendTemplate.map((call) => call.header)).toEqual([
      { kind: 'image', url: 'https://example.com/offer.jpg' },
      { kind: 'document', mediaId: '4490', filename: 'terms.pdf' },
      { kind: 'text', text: 'Alex' },
    ]);
  });

  it('refuses a header without a file, with both, or a text over 60 characters, naming the field', async () => {
    expect(designProblems('whatsapp.send_template', { ...template, header: { kind: 'video' } })).toMatchObject([{ field: 'header.url' }]);
    expect(designProblems('whatsapp.send_template', { ...template, header: { kind: 'image', url: 'https://example.com/a.jpg', mediaId: '1' } })).toEqual([
      { field: 'header.mediaId', message: 'Give either header.url or header.mediaId, not both' },
    ]);
    expect(designProblems('whatsapp.send_template', { ...template, header: { kind: 'text', text: 'x'.repeat(61) } })).toEqual([
      { field: 'header.text', message: 'header.text has 61 characters; WhatsApp allows at most 60' },
    ]);
    const whatsapp = fakeWhatsApp();
    const error = await failure(runAction(sendTemplate, { ...template, header: { kind: 'image', url: '' } }, { whatsapp: whatsapp.port }));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain('header.url');
    expect(whatsapp.calls.sendTemplate).toEqual([]);
  });
});

describe('whatsapp.send_interactive at design time', () => {
  it("reports Meta's limits on static values at their field; templated text waits for run time", () => {
    const problems = designProblems('whatsapp.send_interactive', {
      ...base,
      body: 'Pick one',
      buttons: [
        { id: 'a', title: 'A title that is far too long' },
        { id: 'b', title: 'B' },
        { id: 'c', title: 'C' },
        { id: 'd', title: 'D' },
      ],
    });
    expect(problems).toEqual([
      { field: 'buttons', message: 'buttons has 4; WhatsApp allows 1 to 3 reply buttons' },
      { field: 'buttons[0].title', message: 'buttons[0].title has 28 characters; WhatsApp allows at most 20' },
    ]);
    const rows = Array.from({ length: 11 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}`, description: i === 0 ? 'd'.repeat(73) : undefined }));
    expect(designProblems('whatsapp.send_interactive', { ...base, body: 'x', list: { button: 'Choose', sections: [{ rows }] } })).toEqual([
      { field: 'list.sections', message: 'list has 11 rows in all; WhatsApp allows 1 to 10' },
      { field: 'list.sections[0].rows[0].description', message: 'list.sections[0].rows[0].description has 73 characters; WhatsApp allows at most 72' },
    ]);
    expect(designProblems('whatsapp.send_interactive', { ...base, body: '{{trigger.text}}', buttons: [{ id: 'a', title: '{{trigger.name}} is a long templated title' }] })).toEqual([]);
  });
});

describe('pathOf', () => {
  it('splits a field path into its keys and indexes', () => {
    expect(pathOf('list.sections[0].rows[12].title')).toEqual(['list', 'sections', 0, 'rows', 12, 'title']);
    expect(pathOf('caption')).toEqual(['caption']);
  });
});
