import { describe, expect, it } from 'vitest';
import { findDynamicVariables, listVariables } from './template-variables';

describe('listVariables', () => {
  it('lists variable and section names once, in order of use', () => {
    expect(listVariables('{{customer_name}} {{#trigger.items}}{{name}}{{.}}{{/trigger.items}} {{{raw}}} {{^x}}{{/x}} {{customer_name}} {{! comment}}')).toEqual([
      'customer_name',
      'trigger.items',
      'name',
      'raw',
      'x',
    ]);
  });

  it('gives nothing for plain text or a malformed template', () => {
    expect(listVariables('plain')).toEqual([]);
    expect(listVariables('{{broken')).toEqual([]);
  });
});

describe('findDynamicVariables', () => {
  it('finds every dyn_ variable in any string of a nested value, once', () => {
    const flow = {
      nodes: [
        { config: { subject: 'Appointment confirmed - {{dyn_appointment_date}}', html: '<p>{{dyn_appointment_time}} at {{ dyn_location }}</p>' } },
        { config: { parameters: ['{{dyn_appointment_date}}', '{{customer_name}}', 'dyn_not_a_variable', '{{#dyn_meeting_link}}{{.}}{{/dyn_meeting_link}}'] } },
      ],
      other: 42,
    };
    expect(findDynamicVariables(flow)).toEqual(['appointment_date', 'appointment_time', 'location', 'meeting_link']);
  });

  it('ignores a bare dyn_ prefix and non-strings', () => {
    expect(findDynamicVariables(['{{dyn_}}', 1, null, true, { a: undefined }])).toEqual([]);
    expect(findDynamicVariables('{{dyn_severity}}')).toEqual(['severity']);
  });
});
