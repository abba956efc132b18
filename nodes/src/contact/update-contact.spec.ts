import { describe, expect, it } from 'vitest';
import { failure, fakeContacts, runAction } from '../testing/harness';
import { updateContact } from './update-contact';

describe('contact.update', () => {
  it("tags the run's customer and merges attributes, an empty value deleting one", async () => {
    const contacts = fakeContacts();
    contacts.contacts.set('+4915112345678', { tags: ['follow_up'], attributes: { plan: 'gold', city: 'Bonn' } });
    const result = await runAction(
      updateContact,
      { addTags: ['interested', ' '], removeTags: ['follow_up'], attributes: { city: 'Berlin', plan: '' } },
      { contacts: contacts.port, context: { trigger: { contact: { phone: '+4915112345678' } } } },
    );
    expect(contacts.updates).toEqual([{ phone: '+4915112345678', addTags: ['interested'], removeTags: ['follow_up'], attributes: { city: 'Berlin', plan: null } }]);
    expect(result).toEqual({ output: { phone: '+4915112345678', tags: ['interested'], attributes: { city: 'Berlin' } } });
  });

  it('takes a given phone (normalised with the default country), else the customer or the sender of a message', async () => {
    const contacts = fakeContacts();
    await runAction(updateContact, { phone: '0151 1234 5678', addTags: ['a'] }, { contacts: contacts.port, defaultPhoneCountry: 'DE' });
    await runAction(updateContact, { addTags: ['b'] }, { contacts: contacts.port, context: { trigger: { customer: { phone: '+14155551234' } } } });
    await runAction(updateContact, { addTags: ['c'] }, { contacts: contacts.port, context: { trigger: { from: '+14155550000' } } });
    expect(contacts.updates.map((update) => update.phone)).toEqual(['+4915112345678', '+14155551234', '+14155550000']);
  });

  it('fails with a code a user can act on: no customer, a bad tag', async () => {
    expect((await failure(runAction(updateContact, { addTags: ['a'] }, { contacts: fakeContacts().port }))).code).toBe('CONFIG_INVALID');
    const bad = await failure(runAction(updateContact, { addTags: ['not a tag'] }, { contacts: fakeContacts().port, context: { trigger: { from: '+14155550000' } } }));
    expect(bad).toMatchObject({ code: 'CONFIG_INVALID' });
    expect(bad.message).toContain('addTags');
  });
});
