import type { ReactNode } from 'react';
import type { StatusSummary, Tone } from '#console-model';

const ICON: Readonly<Record<Tone, string>> = { ok: '●', pending: '◐', error: '▲', unknown: '○' };

/** A status word with its tone; colour is never the only signal (the word and a shape say it too). */
export function Badge({ summary, live }: { readonly summary: StatusSummary; readonly live?: boolean }): ReactNode {
  return (
    <span className={`badge tone-${summary.tone}`} title={summary.message} {...(live === true ? { role: 'status', 'aria-live': 'polite' as const } : {})}>
      <span aria-hidden="true">{ICON[summary.tone]}</span> {summary.label}
    </span>
  );
}

export function ToneDot({ tone, label }: { readonly tone: Tone; readonly label: string }): ReactNode {
  return (
    <span className={`badge tone-${tone}`}>
      <span aria-hidden="true">{ICON[tone]}</span> {label}
    </span>
  );
}
