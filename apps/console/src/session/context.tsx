import { createContext, useContext } from 'react';
import type { Identity } from '#console-model';
import type { Permissions } from './permissions';

export interface Session {
  readonly token: string;
  readonly identity: Identity;
  readonly can: Permissions;
  readonly signOut: (reason?: string) => void;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession outside a signed-in page');
  return session;
}
