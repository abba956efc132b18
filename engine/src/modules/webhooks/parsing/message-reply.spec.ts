import { describe, expect, it } from 'vitest';
import { replyOf, textOf } from './message-text';

describe('replyOf', () => {
  it('reads a reply button tap, a list pick and a template quick reply; the text is the title', () => {
    const button = { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } };
    const list = { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'wed_9', title: '9:00', description: 'With Dr. Lee' } } };
    const quick = { type: 'button', button: { payload: 'CONFIRM', text: 'Confirm' } };
    expect(replyOf(button)).toEqual({ kind: 'button', id: 'yes', title: 'Yes' });
    expect(replyOf(list)).toEqual({ kind: 'list', id: 'wed_9', title: '9:00', description: 'With Dr. Lee' });
    expect(replyOf(quick)).toEqual({ kind: 'button', id: 'CONFIRM', title: 'Confirm' });
    expect([textOf(button), textOf(list), textOf(quick)]).toEqual(['Yes', '9:00', 'Confirm']);
  });

  it('is undefined for other messages and for replies without an id', () => {
    expect(replyOf({ type: 'text', text: { body: 'yes' } })).toBeUndefined();
    expect(replyOf({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { title: 'Yes' } } })).toBeUndefined();
  });
});
