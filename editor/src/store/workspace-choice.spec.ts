import { describe, expect, it } from 'vitest';
import { chosenWorkspace, forgetWorkspace, rememberWorkspace } from './workspace-choice';

function memory() {
  const values = new Map<string, string>();
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

describe('the workspace of a tab', () => {
  it('is the tab’s own, else the one chosen last in the browser, else the engine’s', () => {
    const tab = memory();
    const shared = memory();
    expect(chosenWorkspace(tab, shared)).toBeNull();
    rememberWorkspace('w1', tab, shared);
    expect(chosenWorkspace(tab, shared)).toBe('w1');
    // A new tab starts in the last choice; choosing there leaves the first tab where it was.
    const otherTab = memory();
    expect(chosenWorkspace(otherTab, shared)).toBe('w1');
    rememberWorkspace('w2', otherTab, shared);
    expect(chosenWorkspace(tab, shared)).toBe('w1');
    expect(chosenWorkspace(memory(), shared)).toBe('w2');
  });

  it('forgets a workspace the person left, and only that one', () => {
    const tab = memory();
    const shared = memory();
    rememberWorkspace('w1', tab, shared);
    forgetWorkspace('w2', tab, shared);
    expect(chosenWorkspace(tab, shared)).toBe('w1');
    forgetWorkspace('w1', tab, shared);
    expect(chosenWorkspace(tab, shared)).toBeNull();
  });

  it('works without storage', () => {
    expect(chosenWorkspace(null, null)).toBeNull();
    expect(() => rememberWorkspace('w1', null, null)).not.toThrow();
  });
});
