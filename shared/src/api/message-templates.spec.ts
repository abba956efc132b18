import { describe, expect, it } from 'vitest';
import { createTemplateSchema, metaTemplateDefinition, placeholderProblem, renderExample, templateParameters } from './message-templates';

const problems = (input: unknown) => {
  const result = createTemplateSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('message templates', () => {
  it('numbers positional parameters from 1 without gaps, and names named ones in lowercase', () => {
    expect(placeholderProblem('Hi {{1}} {{2}} {{1}}', 'positional')).toBeNull();
    expect(placeholderProblem('Hi {{2}}', 'positional')).toContain('{{1}} is missing');
    expect(placeholderProblem('Hi {{name}}', 'positional')).toContain('not {{name}}');
    expect(placeholderProblem('Hi {{first_name}}', 'named')).toBeNull();
    expect(placeholderProblem('Hi {{First1}}', 'named')).toContain('{{First1}}');
    expect(templateParameters('{{2}} then {{1}}', 'positional')).toEqual(['1', '2']);
    expect(templateParameters('{{b}} then {{a}} {{b}}', 'named')).toEqual(['b', 'a']);
  });

  it('accepts a complete template and builds Meta\'s create request from it', () => {
    const input = createTemplateSchema.parse({
      name: 'order_update',
      category: 'UTILITY',
      language: 'en',
      parameterFormat: 'named',
      header: { format: 'TEXT', text: 'Order {{order_id}}', example: 'ORD-1' },
      body: 'Hi {{first_name}}',
      bodyExamples: { first_name: 'Anna' },
    });
    expect(metaTemplateDefinition(input)).toEqual({
      name: 'order_update',
      language: 'en',
      category: 'UTILITY',
      parameter_format: 'NAMED',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Order {{order_id}}', example: { header_text_named_params: [{ param_name: 'order_id', example: 'ORD-1' }] } },
        { type: 'BODY', text: 'Hi {{first_name}}', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Anna' }] } },
      ],
    });
  });

  it("refuses what Meta's rules refuse, naming the field", () => {
    expect(problems({ name: 'ok_name', category: 'UTILITY', language: 'en', body: 'x'.repeat(1025) })).toEqual(['body: body is at most 1024 characters']);
    expect(problems({ name: 'ok_name', category: 'UTILITY', language: 'en', body: 'Hi {{1}}', bodyExamples: [] })).toEqual([
      'bodyExamples: the body has 1 parameter(s); give exactly one example for each (got 0)',
    ]);
    expect(problems({ name: 'ok_name', category: 'UTILITY', language: 'en', body: 'Hi', header: { format: 'TEXT', text: '{{1}} {{2}}', example: 'a' } })).toEqual([
      'header.text: the header has at most one parameter',
    ]);
    expect(problems({ name: 'ok_name', category: 'UTILITY', language: 'en', body: 'Hi', footer: 'Bye {{1}}' })).toEqual(['footer: the footer cannot have parameters']);
    const urls = Array.from({ length: 3 }, (_, index) => ({ type: 'URL', text: `Link ${index}`, url: 'https://example.com' }));
    expect(problems({ name: 'ok_name', category: 'UTILITY', language: 'en', body: 'Hi', buttons: urls })).toEqual(['buttons: at most 2 URL buttons']);
    expect(problems({ name: 'x'.repeat(513), category: 'UTILITY', language: 'en', body: 'Hi' })).toEqual(['name: name is at most 512 characters']);
  });

  it('renders a preview with the examples, leaving placeholders without one as written', () => {
    expect(renderExample('Hi {{1}}, {{2}}', ['Anna'], 'positional')).toBe('Hi Anna, {{2}}');
    expect(renderExample('Hi {{first_name}}', { first_name: 'Anna' }, 'named')).toBe('Hi Anna');
  });
});
