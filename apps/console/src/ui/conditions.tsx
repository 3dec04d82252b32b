import type { ReactNode } from 'react';
import type { Condition } from '#console-model';
import { Empty, TableFrame, formatTime } from './page';

export function ConditionsTable({ conditions, label }: { readonly conditions: readonly Condition[] | null | undefined; readonly label: string }): ReactNode {
  if (conditions === undefined || conditions === null || conditions.length === 0) return <Empty>No conditions reported.</Empty>;
  return (
    <TableFrame label={label}>
      <thead>
        <tr>
          <th scope="col">Condition</th>
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
          <th scope="col">Message</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {conditions.map((c) => (
          <tr key={c.type}>
            <td>{c.type}</td>
            <td>{c.status}</td>
            <td>{c.reason ?? '—'}</td>
            <td className="wrap">{c.message ?? '—'}</td>
            <td>{formatTime(c.lastTransitionTime)}</td>
          </tr>
        ))}
      </tbody>
    </TableFrame>
  );
}
