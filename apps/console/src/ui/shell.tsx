/** The frame of every signed-in page: skip link, brand, navigation by role, who is signed in. */
import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { NavLink } from 'react-router';
import { useLiveHub } from '../api/live';
import { useSession } from '../session/context';

export function Shell({ children }: { readonly children: ReactNode }): ReactNode {
  const { identity, can, signOut } = useSession();
  const { state } = useLiveHub();
  const links: { to: string; label: string }[] = [
    { to: '/vpcs', label: 'VPCs' },
    ...(can.fabric ? [{ to: '/fabric', label: 'Fabric' }] : []),
    ...(can.policy ? [{ to: '/policy', label: 'Policy' }] : []),
    { to: '/audit', label: 'Audit log' },
  ];
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/vpcs" className="brand" aria-label="Weft console home">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Weft</span>
        </NavLink>
        <nav aria-label="Main">
          <ul>
            {links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to}>{link.label}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span className={`live live-${state}`} role="status" aria-live="polite" title="Live updates">
            <span aria-hidden="true">●</span> {state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting' : 'Reconnecting'}
          </span>
          <span className="identity">
            {identity.name} <span className="role">{identity.role}{identity.tenant === undefined ? '' : ` · ${identity.tenant}`}</span>
          </span>
          <Button
            className="button quiet"
            onPress={() => {
              signOut();
            }}
          >
            Sign out
          </Button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
