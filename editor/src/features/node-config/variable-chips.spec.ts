import { describe, expect, it } from 'vitest';
import { humanize, variableChips } from './variable-chips';
import type { VariableGroup } from './variables';

const groups: VariableGroup[] = [
  { id: 'trigger', kind: 'trigger', label: 'Trigger', options: [{ path: 'trigger.variables.appointment_date', label: 'trigger.variables.appointment_date', detail: '2026-03-14' }] },
  { id: 'system', kind: 'system', label: 'Call', options: [{ path: 'customer_name', label: 'customer_name', detail: 'Alex' }] },
];

describe('variable chips', () => {
  it('labels each variable once, with its source and sample', () => {
    expect(variableChips('Hi {{customer_name}}, see you {{trigger.variables.appointment_date}} ({{customer_name}}) {{steps.x.y}}', groups)).toEqual([
      { path: 'customer_name', label: 'Customer name', source: 'Call', sample: 'Alex' },
      { path: 'trigger.variables.appointment_date', label: 'Appointment date', source: 'Trigger', sample: '2026-03-14' },
      { path: 'steps.x.y', label: 'Y', source: null, sample: null },
    ]);
  });

  it('names paths for people', () => {
    expect(humanize('trigger.customer.firstName')).toBe('First name');
    expect(humanize('dyn_budget')).toBe('Budget');
    expect(variableChips('no variables', groups)).toEqual([]);
  });
});
