/** A template body with its `{{1}}` / `{{name}}` placeholders set off, so people see what a flow fills in. */
export function TemplateBody({ body }: { body: string | null }) {
  if (!body) return <span className="muted">No body (the provider did not send one)</span>;
  const parts = body.split(/(\{\{\s*[\w.]+\s*\}\})/g);
  return (
    <p className="tpl-body">
      {parts.map((part, index) =>
        /^\{\{/.test(part) ? (
          <span key={index} className="tpl-placeholder">
            {part}
          </span>
        ) : (
          part
        ),
      )}
    </p>
  );
}
