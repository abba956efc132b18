import { describe, expect, it } from 'vitest';
import { visibleSections } from './sections';

const labels = (role: 'viewer' | 'editor' | 'admin' | 'owner' | null, scopes: Array<'admin' | 'read' | 'events:write'> | null = null) =>
  visibleSections({ role, scopes }).map((section) => section.label);

describe('the navigation', () => {
  it('offers API keys, the audit log and members to admins and owners only', () => {
    for (const role of ['viewer', 'editor'] as const) {
      expect(labels(role)).not.toContain('API keys');
      expect(labels(role)).not.toContain('Audit');
      expect(labels(role)).not.toContain('Members');
      expect(labels(role)).toContain('Flows');
    }
    for (const role of ['admin', 'owner'] as const) expect(labels(role)).toEqual(expect.arrayContaining(['API keys', 'Audit', 'Members']));
  });

  it('reads an API key’s scopes', () => {
    expect(labels(null, ['admin'])).toContain('API keys');
    expect(labels(null, ['read'])).not.toContain('API keys');
    expect(labels(null, ['read'])).toContain('Audit');
  });
});
