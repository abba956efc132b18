import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, detectedParameters, draftProblems, fieldOfApi, previewOf, toRequest, type TemplateDraft } from './template-form';
import { TemplatePreviewCard } from './TemplatePreviewCard';

const draft = (patch: Partial<TemplateDraft>): TemplateDraft => ({ ...EMPTY_DRAFT, name: 'order_update', body: 'Hi there', ...patch });

describe('the new template form', () => {
  it('asks an example for each parameter the body has, numbered or named', () => {
    expect(detectedParameters(draft({ body: 'Hi {{2}} and {{1}} {{1}}' }))).toEqual(['1', '2']);
    expect(detectedParameters(draft({ parameterFormat: 'named', body: 'Hi {{first_name}}, {{order_id}}' }))).toEqual(['first_name', 'order_id']);
  });

  it('sends positional examples as a list in order and named ones by name', () => {
    expect(toRequest(draft({ body: 'Hi {{1}}, {{2}}', examples: { 2: 'ORD-1', 1: 'Anna', 3: 'stale' } })).bodyExamples).toEqual(['Anna', 'ORD-1']);
    expect(toRequest(draft({ parameterFormat: 'named', body: 'Hi {{first_name}}', examples: { first_name: 'Anna', other: 'x' } })).bodyExamples).toEqual({ first_name: 'Anna' });
  });

  it("puts each of the engine's problems on its field: a missing example on that parameter's input", () => {
    expect(draftProblems(draft({ body: 'Hi {{1}} {{2}}', examples: { 1: 'Anna' } }))).toEqual({ 'example:2': 'the example for {{2}} is empty' });
    expect(draftProblems(draft({ name: 'Order Update', body: 'Hi {{1}} {{3}}', examples: { 1: 'a', 3: 'b' } }))).toMatchObject({
      name: 'name uses lowercase letters, digits and underscores only',
      body: expect.stringContaining('{{2}} is missing'),
    });
    expect(draftProblems(draft({ buttons: [{ type: 'URL', text: 'Shop', url: 'not a url', phoneNumber: '' }] }))).toEqual({ 'button:0:url': 'url is an http(s) address' });
    expect(draftProblems(draft({ body: 'Hi {{1}}', examples: { 1: 'Anna' } }))).toEqual({});
    expect(fieldOfApi('bodyExamples[1]', draft({ body: 'Hi {{1}} {{2}}' }))).toBe('example:2');
    expect(fieldOfApi('buttons[2].phoneNumber', draft({}))).toBe('button:2:phoneNumber');
  });

  it('previews the message with the examples filled in', () => {
    const order = draft({
      header: 'TEXT',
      headerText: 'Order {{1}}',
      headerExample: 'ORD-1',
      body: 'Hi {{1}}, it ships {{2}}.',
      examples: { 1: 'Anna' },
      footer: 'Reply STOP to opt out',
      buttons: [{ type: 'QUICK_REPLY', text: 'Track it', url: '', phoneNumber: '' }],
    });
    expect(previewOf(order)).toEqual({ header: 'Order ORD-1', media: null, body: 'Hi Anna, it ships {{2}}.', footer: 'Reply STOP to opt out', buttons: ['Track it'] });
    const html = renderToStaticMarkup(createElement(TemplatePreviewCard, { draft: order }));
    expect(html).toContain('Hi Anna, it ships {{2}}.');
    expect(html).toContain('<li>Track it</li>');
  });
});
