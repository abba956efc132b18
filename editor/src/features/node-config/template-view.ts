import type { TemplateView } from '../../api/types';
import { placeholdersOf, type TemplateShape } from './template-parameters';

/** A template's placeholders, from the listing or, when it lists none, from its body. */
export function shapeOf(template: TemplateView): TemplateShape {
  const parameters = template.parameters.length > 0 ? template.parameters : placeholdersOf(template.body ?? '');
  return { parameterFormat: template.parameterFormat, parameters };
}

/** `UTILITY` → `Utility`. */
export function titleCase(text: string): string {
  const lower = text.toLowerCase();
  return lower === '' ? lower : lower[0].toUpperCase() + lower.slice(1);
}
