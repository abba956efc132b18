import { previewOf, type TemplateDraft } from './template-form';

/** The draft as the customer would see it in WhatsApp, with the examples filled in. */
export function TemplatePreviewCard({ draft }: { draft: TemplateDraft }) {
  const preview = previewOf(draft);
  return (
    <aside className="tpl-preview" aria-label="Preview">
      <p className="muted small">Preview</p>
      <div className="tpl-bubble" data-testid="template-preview">
        {preview.media ? <div className="tpl-bubble-media">{preview.media.toLowerCase()}</div> : null}
        {preview.header ? <p className="tpl-bubble-header">{preview.header}</p> : null}
        <p className="tpl-bubble-body">{preview.body || <span className="muted">The body appears here.</span>}</p>
        {preview.footer ? <p className="tpl-bubble-footer">{preview.footer}</p> : null}
        {preview.buttons.length > 0 ? (
          <ul className="tpl-bubble-buttons">
            {preview.buttons.map((text, index) => (
              <li key={index}>{text || '…'}</li>
            ))}
          </ul>
        ) : null}
      </div>
    </aside>
  );
}
