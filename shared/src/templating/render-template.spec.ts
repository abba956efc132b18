import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import { StepError } from '../errors/codes';
import { checkTemplate } from './parse-template';
import { parseJsonTemplate, renderDeep, renderJson, renderTemplate, renderUrl } from './render-template';

const context = {
  trigger: {
    customer: { name: 'Tom & Jerry <b>', phone: '+14155551234' },
    variables: { appointment_booked: true, appointment_date: '2026-11-25', count: 0, score: 4.5, note: null },
    metadata: { lead_source: 'website', tags: ['a', 'b'] },
    items: [{ name: 'Shirt', qty: 2 }, { name: 'Hat' }],
  },
  steps: { send: { messageId: 'm1' } },
  customer_name: 'Alex',
};

describe('renderTemplate', () => {
  it('does not escape HTML by default (WhatsApp and text)', () => {
    expect(renderTemplate('Hi {{trigger.customer.name}}!', context)).toEqual({ value: 'Hi Tom & Jerry <b>!', warnings: [] });
  });

  it('escapes HTML when asked (email bodies), keeping links readable', () => {
    expect(renderTemplate('<p>{{trigger.customer.name}}</p>', context, { escape: 'html' }).value).toBe('<p>Tom &amp; Jerry &lt;b&gt;</p>');
    expect(renderTemplate('<a title="{{q}}" href="{{u}}">', { q: `"it's"`, u: 'https://x.test/runs/1?a=b' }, { escape: 'html' }).value).toBe(
      '<a title="&quot;it&#39;s&quot;" href="https://x.test/runs/1?a=b">',
    );
    expect(renderTemplate('<p>{{{trigger.customer.name}}}</p>', context, { escape: 'html' }).value).toBe('<p>Tom & Jerry <b></p>');
  });

  it('leaves mustache\'s global escape function alone', () => {
    const before = Mustache.escape;
    renderTemplate('{{a}}', { a: '<' });
    renderTemplate('{{a}}', { a: '<' }, { escape: 'html' });
    expect(Mustache.escape).toBe(before);
    expect(Mustache.render('{{a}}', { a: '<' })).toBe('&lt;');
  });

  it('renders an unresolved variable empty and lists it in warnings, once', () => {
    expect(renderTemplate('Hi {{trigger.customer.nam}}, {{missing}} {{missing}}', context)).toEqual({
      value: 'Hi ,  ',
      warnings: ['unresolved variable trigger.customer.nam', 'unresolved variable missing'],
    });
  });

  it('resolves nested paths, array indexes, numbers, booleans and top-level names', () => {
    const template = '{{trigger.variables.appointment_booked}} {{trigger.variables.count}} {{trigger.variables.score}} {{trigger.items.0.name}} {{steps.send.messageId}} {{customer_name}}';
    expect(renderTemplate(template, context)).toEqual({ value: 'true 0 4.5 Shirt m1 Alex', warnings: [] });
  });

  it('renders null as empty without a warning', () => {
    expect(renderTemplate('[{{trigger.variables.note}}]', context)).toEqual({ value: '[]', warnings: [] });
  });

  it('renders objects and arrays as JSON', () => {
    expect(renderTemplate('{{trigger.metadata}}', context).value).toBe('{"lead_source":"website","tags":["a","b"]}');
    expect(renderTemplate('{{trigger.metadata.tags}}', context).value).toBe('["a","b"]');
    expect(renderTemplate('{{trigger.metadata}}', context, { escape: 'html' }).value).toBe(
      '{&quot;lead_source&quot;:&quot;website&quot;,&quot;tags&quot;:[&quot;a&quot;,&quot;b&quot;]}',
    );
  });

  it('returns strings without tags as they are', () => {
    const text = 'Hello } { there';
    expect(renderTemplate(text, context)).toEqual({ value: text, warnings: [] });
  });

  it('renders sections over lists, resolving names in the item and then in outer views', () => {
    const template = '{{#trigger.items}}{{name}} x{{qty}} for {{customer_name}}; {{/trigger.items}}';
    expect(renderTemplate(template, context)).toEqual({
      value: 'Shirt x2 for Alex; Hat x for Alex; ',
      warnings: ['unresolved variable qty'],
    });
  });

  it('treats a section on a missing name as "if present", without a warning', () => {
    expect(renderTemplate('{{#trigger.customer.email}}Mail: {{.}}{{/trigger.customer.email}}{{^trigger.customer.email}}no mail{{/trigger.customer.email}}', context)).toEqual({
      value: 'no mail',
      warnings: [],
    });
    expect(renderTemplate('{{#trigger.customer.phone}}Call {{.}}{{/trigger.customer.phone}}', context).value).toBe('Call +14155551234');
  });

  it('never reaches inherited members or the prototype', () => {
    const result = renderTemplate('{{constructor}}|{{trigger.__proto__}}|{{trigger.customer.name.toString}}|{{trigger.customer.name.length}}', context);
    expect(result.value).toBe('|||15');
    expect(result.warnings).toEqual([
      'unresolved variable constructor',
      'unresolved variable trigger.__proto__',
      'unresolved variable trigger.customer.name.toString',
    ]);
  });

  it('reads own data only, not values inherited through the prototype chain', () => {
    const view = { trigger: Object.assign(Object.create({ inherited: 'leak' }) as object, { own: 'ok' }) };
    expect(renderTemplate('{{trigger.own}}{{trigger.inherited}}', view)).toEqual({ value: 'ok', warnings: ['unresolved variable trigger.inherited'] });
  });

  it('does not call functions found in the context', () => {
    let called = false;
    const result = renderTemplate('{{fn}}', {
      fn: () => {
        called = true;
        return 'x';
      },
    });
    expect(result).toEqual({ value: '', warnings: ['unresolved variable fn'] });
    expect(called).toBe(false);
  });

  it('throws CONFIG_INVALID for a malformed template, and checkTemplate names the problem', () => {
    expect(() => renderTemplate('Hi {{name', context)).toThrow(StepError);
    expect(() => renderTemplate('{{#a}}open', context)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', retryable: false }));
    expect(checkTemplate('Hi {{name')).toMatch(/Unclosed tag/);
    expect(checkTemplate('{{#a}}x')).toMatch(/Unclosed section "a"/);
    expect(checkTemplate('Hi {{name}}')).toBeNull();
  });
});

describe('renderDeep', () => {
  it('renders every string inside objects and arrays and merges the warnings', () => {
    const config = {
      to: '{{trigger.customer.phone}}',
      parameters: ['{{customer_name}}', '{{trigger.variables.appointment_date}}', '{{dyn_time}}'],
      nested: { subject: 'For {{customer_name}} {{dyn_time}}', count: 3, flag: false, none: null },
    };
    expect(renderDeep(config, context)).toEqual({
      value: {
        to: '+14155551234',
        parameters: ['Alex', '2026-11-25', ''],
        nested: { subject: 'For Alex ', count: 3, flag: false, none: null },
      },
      warnings: ['unresolved variable dyn_time'],
    });
  });

  it('does not change its input, and keeps a __proto__ key as data', () => {
    const input = JSON.parse('{"__proto__": {"polluted": "{{customer_name}}"}, "a": "{{customer_name}}"}') as Record<string, unknown>;
    const { value } = renderDeep(input, context);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(input.a).toBe('{{customer_name}}');
  });

  it('applies HTML escaping to every string when asked', () => {
    expect(renderDeep(['{{trigger.customer.name}}'], context, { escape: 'html' }).value).toEqual(['Tom &amp; Jerry &lt;b&gt;']);
  });
});

describe('renderJson', () => {
  it('renders a JSON template string by string, so values with quotes and line breaks keep it JSON', () => {
    const quoting = { ...context, trigger: { ...context.trigger, text: 'He said "yes"\nthen left' } };
    const rendered = renderJson('{"reply": "{{trigger.text}}", "who": "Dear {{customer_name}}"}', quoting);
    expect(JSON.parse(rendered.value)).toEqual({ reply: 'He said "yes"\nthen left', who: 'Dear Alex' });
  });

  it('keeps the type of a string that is one variable, and null for a missing one, with a warning', () => {
    const rendered = renderJson('{"booked": "{{trigger.variables.appointment_booked}}", "score": "{{ trigger.variables.score }}", "tags": "{{trigger.metadata.tags}}", "none": "{{trigger.nothing}}", "n": 1}', context);
    expect(JSON.parse(rendered.value)).toEqual({ booked: true, score: 4.5, tags: ['a', 'b'], none: null, n: 1 });
    expect(rendered.warnings).toEqual(['trigger.nothing']);
  });

  it('renders a variable standing alone as a value as JSON, so a value cannot add fields', () => {
    expect(renderJson('{"count": {{trigger.variables.score}}, "tags": [{{trigger.metadata.tags}}]}', context).value).toBe('{"count":4.5,"tags":[["a","b"]]}');
    const hostile = { ...context, trigger: { ...context.trigger, text: '"x", "admin": true' } };
    expect(JSON.parse(renderJson('{"name": {{trigger.text}}}', hostile).value)).toEqual({ name: '"x", "admin": true' });
  });

  it('finds the slots of a JSON template, and null when it is not JSON', () => {
    expect(parseJsonTemplate('{"count": {{n}}, "note": "Hi {{name}} \\" {{x}}"}')).toEqual({ value: { count: '\u0000slot:0', note: 'Hi {{name}} " {{x}}' }, slots: ['{{n}}'] });
    expect(parseJsonTemplate('{"name": "{{a}}" "{{b}}"}')).toBeNull();
    expect(parseJsonTemplate('{"name": {{a}} {{b}}}')).toBeNull();
    expect(parseJsonTemplate('{"name": "{{a}}",}')).toBeNull();
    expect(parseJsonTemplate('[{{{raw}}}]')).toEqual({ value: ['\u0000slot:0'], slots: ['{{{raw}}}'] });
  });

  it('renders any other template as text', () => {
    expect(renderJson('name={{customer_name}}', context).value).toBe('name=Alex');
    expect(renderJson('"{{customer_name}}"', context).value).toBe('"Alex"');
  });
});

describe('renderUrl', () => {
  const ctx = { id: '../admin/x?y=1#z', q: 'a&b c', base: 'https://crm.example.com/api', host: 'crm.example.com', parts: 'a/b' };

  it('percent-encodes values in the path, query and fragment', () => {
    expect(renderUrl('https://crm.example.com/leads/{{id}}?q={{q}}#{{q}}', ctx).value).toBe(
      'https://crm.example.com/leads/..%2Fadmin%2Fx%3Fy%3D1%23z?q=a%26b%20c#a%26b%20c',
    );
    expect(renderUrl('https://crm.example.com?q={{q}}', ctx).value).toBe('https://crm.example.com?q=a%26b%20c');
  });

  it('takes a whole URL, a leading base URL, a host and a triple mustache as they are', () => {
    expect(renderUrl('{{base}}', ctx).value).toBe('https://crm.example.com/api');
    expect(renderUrl('{{base}}/leads/{{id}}', ctx).value).toBe('https://crm.example.com/api/leads/..%2Fadmin%2Fx%3Fy%3D1%23z');
    expect(renderUrl('https://{{host}}/v1/{{parts}}', ctx).value).toBe('https://crm.example.com/v1/a%2Fb');
    expect(renderUrl('https://{{host}}/v1/{{{parts}}}', ctx).value).toBe('https://crm.example.com/v1/a/b');
  });

  it('encodes inside sections by where the value lands, and reports unresolved names', () => {
    expect(renderUrl('https://x.test/{{#q}}s/{{q}}{{/q}}', ctx).value).toBe('https://x.test/s/a%26b%20c');
    expect(renderUrl('https://x.test/{{missing}}', ctx).warnings).toEqual(['unresolved variable missing']);
  });
});
