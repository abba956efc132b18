import { bodySegments } from './template-parameters';

/** A template's text with its placeholders highlighted; a placeholder's mapped value shows on hover. */
export function TemplateBody({ body, values }: { body: string; values: Record<string, string> }) {
  return (
    <blockquote className="nc-template-body" aria-label="Template text">
      {bodySegments(body).map((segment, index) =>
        segment.kind === 'text' ? (
          <span key={index}>{segment.text}</span>
        ) : (
          <mark key={index} className={`nc-placeholder${values[segment.name] ? ' nc-filled' : ''}`} title={values[segment.name] ? `${segment.text} → ${values[segment.name]}` : `${segment.text} is not filled in yet`}>
            {segment.text}
          </mark>
        ),
      )}
    </blockquote>
  );
}
