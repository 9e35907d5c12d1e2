import { splitTemplate } from '../../lib/template';

/** A template body with its {{n}} placeholders marked, or filled with `params` when given. */
export function TemplateBody({ body, params }: { body: string; params?: readonly string[] }) {
  return (
    <p className="template-body">
      {splitTemplate(body).map((p, i) =>
        p.kind === 'text' ? (
          <span key={i}>{p.text}</span>
        ) : params && params[p.n - 1] !== undefined ? (
          <mark key={i} className="filled">
            {params[p.n - 1]}
          </mark>
        ) : (
          <mark key={i} className="slot">{`{{${p.n}}}`}</mark>
        ),
      )}
    </p>
  );
}
