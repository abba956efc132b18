import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  buttonProblems,
  choicesOf,
  ctaProblems,
  expectation,
  idFromTitle,
  limitsFrom,
  listProblems,
  modeOf,
  newButton,
  newRow,
  retitle,
  switchMode,
  type ListValue,
} from './interactive-message';

const limits = DEFAULT_LIMITS;
const messages = (problems: Array<{ message: string }>) => problems.map((problem) => problem.message);

describe('the buttons editor', () => {
  it('derives an id from a title, and keeps following the title until the id is edited', () => {
    expect(idFromTitle('Yes, please!')).toBe('yes_please');
    expect(idFromTitle('Café à 9h')).toBe('cafe_a_9h');
    expect(idFromTitle('👍')).toBe('option');
    const yes = retitle({ id: '', title: '' }, 'Yes', []);
    expect(yes).toEqual({ id: 'yes', title: 'Yes' });
    expect(retitle(yes, 'Yes please', [])).toEqual({ id: 'yes_please', title: 'Yes please' });
    // An id typed by hand stays when the title changes.
    expect(retitle({ id: 'confirm', title: 'Yes' }, 'Sure', [])).toEqual({ id: 'confirm', title: 'Sure' });
    // Another button has the id already: a suffix keeps them apart, and still follows the title.
    const second = retitle({ id: 'option_2', title: 'Option 2' }, 'Yes', ['yes']);
    expect(second.id).toBe('yes_2');
    expect(retitle(second, 'Maybe', ['yes']).id).toBe('maybe');
  });

  it('adds buttons titled Option n with ids of their own', () => {
    expect(newButton([])).toEqual({ id: 'option_1', title: 'Option 1' });
    expect(newButton([{ id: 'option_2', title: 'Option 1' }])).toEqual({ id: 'option_2_2', title: 'Option 2' });
  });

  it('counts a title past 20 characters as the node does, emoji as one character, and lets variables be', () => {
    expect(buttonProblems([{ id: 'yes', title: 'Yes' }], limits)).toEqual([]);
    expect(messages(buttonProblems([{ id: 'yes', title: 'Yes, absolutely, see you there' }], limits))).toEqual(['buttons[0].title has 30 characters; WhatsApp allows at most 20']);
    expect(buttonProblems([{ id: 'ok', title: '👍'.repeat(20) }], limits)).toEqual([]);
    expect(buttonProblems([{ id: 'name', title: '{{trigger.name}} is coming to the party' }], limits)).toEqual([]);
  });

  it('allows 1 to 3 buttons, with distinct ids and titles, none empty', () => {
    const four = ['a', 'b', 'c', 'd'].map((id) => ({ id, title: id.toUpperCase() }));
    expect(messages(buttonProblems(four, limits))).toEqual(['buttons has 4; WhatsApp allows 1 to 3 reply buttons']);
    expect(messages(buttonProblems([], limits))).toEqual(['buttons has 0; WhatsApp allows 1 to 3 reply buttons']);
    expect(
      messages(
        buttonProblems(
          [
            { id: 'yes', title: 'Yes' },
            { id: 'yes', title: 'Yes' },
            { id: '', title: ' ' },
          ],
          limits,
        ),
      ),
    ).toEqual([
      'buttons[1].id "yes" is used twice; each button needs its own id',
      'buttons[1].title "Yes" is used twice; Meta rejects buttons with the same title',
      'buttons[2].id is empty',
      'buttons[2].title is empty',
    ]);
    expect(buttonProblems([{ id: 'x'.repeat(257), title: 'X' }], limits)[0]).toEqual({ field: 'buttons[0].id', message: 'buttons[0].id has 257 characters; WhatsApp allows at most 256' });
  });
});

describe('the list editor', () => {
  const list = (sections: ListValue['sections'], button = 'Choose a time'): ListValue => ({ button, sections });

  it('accepts a list within the limits', () => {
    expect(listProblems(list([{ rows: [{ id: 'mon', title: 'Monday', description: '9 to 5' }] }]), limits)).toEqual([]);
  });

  it('refuses more than 10 rows in all, a long button, row title and description', () => {
    const rows = Array.from({ length: 6 }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
    const eleven = list([
      { title: 'Morning', rows },
      { title: 'Afternoon', rows: rows.slice(1).map((row) => ({ ...row, id: `${row.id}_pm` })) },
    ]);
    expect(messages(listProblems(eleven, limits))).toEqual(['list has 11 rows in all; WhatsApp allows 1 to 10']);
    const long = list([{ rows: [{ id: 'a', title: 'A title that is far too long', description: 'd'.repeat(73) }] }], 'A button label too long');
    expect(messages(listProblems(long, limits))).toEqual([
      'list.button has 23 characters; WhatsApp allows at most 20',
      'list.sections[0].rows[0].title has 28 characters; WhatsApp allows at most 24',
      'list.sections[0].rows[0].description has 73 characters; WhatsApp allows at most 72',
    ]);
  });

  it('needs section titles when there are several sections, rows in each, and row ids used once', () => {
    const problems = listProblems(
      list([
        { rows: [{ id: 'a', title: 'A' }] },
        { title: 'Later', rows: [] },
        { title: 'More', rows: [{ id: 'a', title: 'Again' }] },
      ]),
      limits,
    );
    expect(messages(problems)).toEqual(['list.sections[0].title is empty', 'list.sections[1] has no rows', 'list.sections[2].rows[0].id "a" is used twice; each row needs its own id']);
  });

  it('adds rows with ids no other row of the list has', () => {
    expect(newRow(list([{ rows: [{ id: 'option_2', title: 'X' }] }]))).toEqual({ id: 'option_2_2', title: 'Option 2' });
  });
});

describe('the link button and the mode', () => {
  it('needs https and a label of at most 20 characters', () => {
    expect(ctaProblems({ text: 'Pay now', url: 'https://example.com/pay/{{trigger.order}}' }, limits)).toEqual([]);
    expect(messages(ctaProblems({ text: 'Pay your invoice right now', url: 'http://example.com' }, limits))).toEqual([
      'cta.text has 26 characters; WhatsApp allows at most 20',
      'cta.url "http://example.com" is not an https link',
    ]);
  });

  it('reads the kind a config holds, and switching keeps exactly one', () => {
    expect(modeOf({})).toBe('buttons');
    expect(modeOf({ list: {} })).toBe('list');
    expect(modeOf({ cta: {} })).toBe('cta');
    expect(switchMode('cta')).toEqual({ buttons: undefined, list: undefined, cta: { text: '', url: '' } });
    const kept = [{ id: 'a', title: 'A' }];
    expect(switchMode('buttons', { buttons: kept }).buttons).toBe(kept);
  });

  it("reads the node's limits from the catalog, falling back to Meta's", () => {
    expect(limitsFrom({ buttonTitle: 25 })).toMatchObject({ buttonTitle: 25, rows: 10 });
    expect(limitsFrom(undefined)).toEqual(DEFAULT_LIMITS);
  });
});

describe('expecting the buttons in a wait', () => {
  it('offers the buttons, or the rows of a list, with fixed ids', () => {
    expect(choicesOf({ buttons: [{ id: 'yes', title: 'Yes' }, { id: '{{trigger.id}}', title: 'Dynamic' }] })).toEqual([{ id: 'yes', title: 'Yes' }]);
    expect(choicesOf({ list: { button: 'Pick', sections: [{ rows: [{ id: 'mon', title: 'Monday', description: 'x' }] }, { rows: [{ id: 'tue', title: 'Tuesday' }] }] } })).toEqual([
      { id: 'mon', title: 'Monday' },
      { id: 'tue', title: 'Tuesday' },
    ]);
    expect(choicesOf({ cta: { text: 'Pay', url: 'https://x' } })).toEqual([]);
  });

  it('compares what a wait expects with what the message offers', () => {
    const offered = [
      { id: 'yes', title: 'Yes' },
      { id: 'no', title: 'No' },
    ];
    expect(expectation(undefined, offered)).toBe('none');
    expect(expectation(['no', 'yes'], offered)).toBe('same');
    expect(expectation(['yes'], offered)).toBe('different');
  });
});
