import { describe, expect, it } from 'vitest';
import { catalog } from '../catalog';
import { parsed, runMatches } from '../testing/harness';
import { manual } from './manual';

describe('manual', () => {
  it('always matches', async () => {
    expect(await runMatches(manual, {}, {})).toBe(true);
    expect(await runMatches(manual, { anything: 1 }, { samplePayload: { other: 2 } })).toBe(true);
  });

  it('offers its own sample payload for test runs, else a default sample', () => {
    const payload = { customer: { phone: '+4915112345678', name: 'Jonas' } };
    expect(catalog.sampleFor(manual, parsed(manual, { samplePayload: payload }))).toEqual(payload);
    expect(catalog.sampleFor(manual, parsed(manual, {}))).toEqual(manual.sampleEvent);
  });

  it('needs the sample payload to be an object', () => {
    expect(catalog.validateConfig(manual, { samplePayload: 'text' }).map((problem) => problem.field)).toEqual(['samplePayload']);
  });
});
