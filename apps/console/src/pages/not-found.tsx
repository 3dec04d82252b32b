import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../ui/page';

export function NotFoundPage(): ReactNode {
  return (
    <>
      <PageHeader title="Not found" />
      <p>
        There is nothing here for this token. <Link to="/vpcs">Back to the VPCs</Link>.
      </p>
    </>
  );
}
