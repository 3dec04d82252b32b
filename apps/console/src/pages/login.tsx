/** The sign-in page: one field, "Access token". The token goes to sessionStorage, never a URL. */
import { useEffect, useState, type ReactNode } from 'react';
import { Button, FieldError, Form, Input, Label, Text, TextField } from 'react-aria-components';
import type { Identity } from '#console-model';
import { UnauthenticatedError, whoami } from '../session/session';

export function LoginPage({ onSignedIn, notice }: { readonly onSignedIn: (token: string, identity: Identity) => void; readonly notice?: string }): ReactNode {
  const [token, setToken] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    document.title = 'Sign in · Weft';
  }, []);
  const submit = (event: { preventDefault(): void }): void => {
    event.preventDefault();
    const value = token.trim();
    if (value === '') {
      setError('Enter the access token you were given (weft serve prints the first admin token).');
      return;
    }
    setBusy(true);
    whoami(value)
      .then((identity) => {
        onSignedIn(value, identity);
      })
      .catch((e: unknown) => {
        setError(e instanceof UnauthenticatedError ? e.message : `Cannot reach the service: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        setBusy(false);
      });
  };
  return (
    <main id="main" className="login">
      <div className="login-card">
        <h1>
          <img src="/favicon.svg" alt="" width="32" height="32" /> Weft console
        </h1>
        <p className="muted">VPCs, the fabric and its switches, plans and the audit log.</p>
        {notice === undefined ? null : (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <Form onSubmit={submit} validationErrors={error === undefined ? {} : { token: error }} validationBehavior="aria">
          <TextField
            name="token"
            type="password"
            value={token}
            onChange={(value) => {
              setToken(value);
              setError(undefined);
            }}
            className="field"
            isRequired
          >
            <Label>Access token</Label>
            <Input autoComplete="off" spellCheck={false} />
            <Text slot="description">Kept in this browser tab only, until you sign out or close it.</Text>
            <FieldError className="field-error" />
          </TextField>
          <Button type="submit" className="button primary" isDisabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </Button>
        </Form>
      </div>
    </main>
  );
}
