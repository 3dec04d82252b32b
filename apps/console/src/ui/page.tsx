import { useEffect, useId, type ReactNode } from 'react';

/** The page title (also the document title) and its actions. */
export function PageHeader({ title, subtitle, children }: { readonly title: string; readonly subtitle?: ReactNode; readonly children?: ReactNode }): ReactNode {
  useEffect(() => {
    document.title = `${title} · Weft`;
  }, [title]);
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle === undefined ? null : <p className="subtitle">{subtitle}</p>}
      </div>
      {children === undefined ? null : <div className="actions">{children}</div>}
    </header>
  );
}

export function Section({ title, children, actions, id }: { readonly title: string; readonly children: ReactNode; readonly actions?: ReactNode; readonly id?: string }): ReactNode {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-heading`;
  return (
    <section className="section" aria-labelledby={headingId}>
      <div className="section-header">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Loading({ what }: { readonly what: string }): ReactNode {
  return (
    <p className="muted" role="status">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { readonly children: ReactNode }): ReactNode {
  return <p className="empty">{children}</p>;
}

export function ErrorNote({ title, children }: { readonly title: string; readonly children: ReactNode }): ReactNode {
  return (
    <div className="error-note" role="alert">
      <strong>{title}</strong>
      <div>{children}</div>
    </div>
  );
}

/** A table that scrolls inside itself on a narrow screen, never the page. */
export function TableFrame({ label, children }: { readonly label: string; readonly children: ReactNode }): ReactNode {
  const caption = useId();
  return (
    <div className="table-frame" role="region" aria-labelledby={caption} tabIndex={0}>
      <table>
        <caption id={caption} className="visually-hidden">
          {label}
        </caption>
        {children}
      </table>
    </div>
  );
}

/** Label and value pairs. */
export function Facts({ items }: { readonly items: readonly (readonly [string, ReactNode])[] }): ReactNode {
  return (
    <dl className="facts">
      {items.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function formatTime(value: string | null | undefined): string {
  if (value === undefined || value === null || value === '') return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}
