/**
 * The console: the sign-in page until a token is known, then the pages its role may see, with one
 * GraphQL client (queries, mutations, the live subscription) per token.
 */
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Provider } from 'urql';
import type { Identity } from '#console-model';
import { createGraphqlClient } from './api/client';
import { LiveEvents } from './api/live';
import { createSubscriptionClient } from './api/subscriptions';
import { AuditPage } from './pages/audit';
import { AttachmentEditPage } from './pages/attachment-edit';
import { FabricPage } from './pages/fabric';
import { LoginPage } from './pages/login';
import { NotFoundPage } from './pages/not-found';
import { PeeringEditPage } from './pages/peering-edit';
import { PolicyPage } from './pages/policy';
import { SwitchPage } from './pages/switch';
import { VpcDetailPage } from './pages/vpc-detail';
import { VpcEditPage } from './pages/vpc-edit';
import { VpcListPage } from './pages/vpc-list';
import { SessionContext, type Session } from './session/context';
import { permissionsOf } from './session/permissions';
import { forgetToken, storeToken, storedToken, whoami } from './session/session';
import { Shell } from './ui/shell';

interface SignedIn {
  readonly token: string;
  readonly identity: Identity;
}

export function App(): ReactNode {
  const [signedIn, setSignedIn] = useState<SignedIn | undefined>();
  const [checking, setChecking] = useState(() => storedToken() !== undefined);
  const [notice, setNotice] = useState<string | undefined>();
  useEffect(() => {
    const token = storedToken();
    if (token === undefined) return;
    whoami(token)
      .then((identity) => {
        setSignedIn({ token, identity });
      })
      .catch(() => {
        forgetToken();
        setNotice('Your session ended; sign in again.');
      })
      .finally(() => {
        setChecking(false);
      });
  }, []);
  const signOut = useCallback((reason?: string) => {
    forgetToken();
    setSignedIn(undefined);
    setNotice(reason);
  }, []);
  if (checking) return <p className="muted boot">Loading…</p>;
  return (
    <BrowserRouter>
      {signedIn === undefined ? (
        <LoginPage
          {...(notice === undefined ? {} : { notice })}
          onSignedIn={(token, identity) => {
            storeToken(token);
            setNotice(undefined);
            setSignedIn({ token, identity });
          }}
        />
      ) : (
        <SignedInConsole token={signedIn.token} identity={signedIn.identity} signOut={signOut} />
      )}
    </BrowserRouter>
  );
}

function SignedInConsole({ token, identity, signOut }: SignedIn & { readonly signOut: (reason?: string) => void }): ReactNode {
  const client = useMemo(() => {
    const subscriptions = createSubscriptionClient(token);
    return { graphql: createGraphqlClient(token, subscriptions), subscriptions };
  }, [token]);
  useEffect(() => () => {
    client.subscriptions.dispose();
  }, [client]);
  const session = useMemo<Session>(() => ({ token, identity, can: permissionsOf(identity), signOut }), [token, identity, signOut]);
  const ended = useCallback(() => {
    signOut('The service no longer accepts this token; sign in again.');
  }, [signOut]);
  const { can } = session;
  return (
    <SessionContext.Provider value={session}>
      <Provider value={client.graphql}>
        <LiveEvents onUnauthenticated={ended} transport={client.subscriptions}>
          <Shell>
            <Routes>
              <Route path="/" element={<Navigate to="/vpcs" replace />} />
              <Route path="/vpcs" element={<VpcListPage />} />
              <Route path="/vpcs/new" element={can.write ? <VpcEditPage /> : <NotFoundPage />} />
              <Route path="/vpcs/:namespace/:name" element={<VpcDetailPage />} />
              <Route path="/vpcs/:namespace/:name/edit" element={can.write ? <VpcEditPage /> : <NotFoundPage />} />
              <Route path="/vpcs/:namespace/:name/attachments/new" element={can.write ? <AttachmentEditPage /> : <NotFoundPage />} />
              <Route path="/attachments/:namespace/:attachment/edit" element={can.write ? <AttachmentEditPage /> : <NotFoundPage />} />
              <Route path="/vpcs/:namespace/:name/peerings/new" element={can.write ? <PeeringEditPage /> : <NotFoundPage />} />
              <Route path="/peerings/:namespace/:peering/edit" element={can.write ? <PeeringEditPage /> : <NotFoundPage />} />
              <Route path="/fabric" element={can.fabric ? <FabricPage /> : <NotFoundPage />} />
              <Route path="/switches/:name" element={can.fabric ? <SwitchPage /> : <NotFoundPage />} />
              <Route path="/policy" element={can.policy ? <PolicyPage /> : <NotFoundPage />} />
              <Route path="/audit" element={<AuditPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Shell>
        </LiveEvents>
      </Provider>
    </SessionContext.Provider>
  );
}
