import { describe, expect, it } from 'vitest';
import { soleConnection } from './connection-choice';

describe('the only matching connection', () => {
  it('is chosen for an empty required field', () => {
    expect(soleConnection([{ id: 'c1' }], true, undefined)).toBe('c1');
    expect(soleConnection([{ id: 'c1' }], true, '')).toBe('c1');
  });

  it('is not chosen when there is a choice, a value, or the field may stay empty', () => {
    expect(soleConnection([{ id: 'c1' }, { id: 'c2' }], true, undefined)).toBeNull();
    expect(soleConnection([{ id: 'c1' }], true, 'other')).toBeNull();
    expect(soleConnection([{ id: 'c1' }], false, undefined)).toBeNull();
    expect(soleConnection([], true, undefined)).toBeNull();
  });
});
