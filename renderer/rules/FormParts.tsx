/** The rule editor's building blocks: a numbered step and a labelled field with its error. */
import type { ReactNode } from 'react';

export function Step({ n, title, children, testId }: { n: number; title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="step" data-testid={testId}>
      <h3>
        <span className="step-n">{n}</span> {title}
      </h3>
      {children}
    </section>
  );
}

export function Field({ label, hint, error, children }: { label: string; hint?: string; error?: ReactNode; children: ReactNode }) {
  return (
    <label className={error ? 'field has-error' : 'field'}>
      <span className="field-label">
        {label}
        {hint && <span className="muted"> — {hint}</span>}
      </span>
      {children}
      {error}
    </label>
  );
}

/** The error shown under a field, by form field key (null when the field has none). */
export type ErrorOf = (key: string) => ReactNode;
