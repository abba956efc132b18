import { describe, expect, it } from 'vitest';
import { presenceText } from './flow-page-presence-text';

describe('who else has the flow open', () => {
  it('names the others', () => {
    expect(presenceText({ others: 1, people: ['Ana Ruiz'] }, 'Bo')).toBe('Ana Ruiz has this flow open');
    expect(presenceText({ others: 2, people: ['Ana Ruiz', 'Cy'] }, 'Bo')).toBe('Ana Ruiz and 1 other have this flow open');
    expect(presenceText({ others: 4, people: ['Ana Ruiz', 'Cy', 'Di'] }, 'Bo')).toBe('Ana Ruiz and 2 others have this flow open');
  });

  it('counts tabs when the names are one’s own or unknown', () => {
    expect(presenceText({ others: 1, people: ['Bo'] }, 'Bo')).toBe('Also open in 1 other tab');
    expect(presenceText({ others: 2, people: [] }, null)).toBe('Also open in 2 other tabs');
    expect(presenceText({ others: 2, people: ['Bo', 'Ana Ruiz'] }, 'Bo')).toBe('Ana Ruiz has this flow open');
  });

  it('says nothing when nobody else has it open', () => {
    expect(presenceText({ others: 0, people: [] }, 'Bo')).toBeNull();
  });
});
