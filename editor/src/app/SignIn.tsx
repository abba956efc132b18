import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { AuthFrame } from '../features/accounts/AuthFrame';
import { PasswordForm } from '../features/accounts/PasswordForm';
import { useSession } from '../store/session-store';
import { Button } from '../ui/Button';
import { FormError } from '../ui/FormError';
import { useAction } from '../ui/use-action';
import { useResource } from '../ui/use-resource';
import { oidcStartHref } from './router';

type Mode = 'password' | 'forgot' | 'sent' | 'sign-up' | 'api-key';

const INTRO = 'Automations for your AI voice and chat agents: WhatsApp confirmations, follow-ups, alerts — after every call.';

/**
 * Signing in: e-mail and password, single sign-on when the engine has it, a new account when
 * sign-up is open, a reset link for a forgotten password, and an API key as before. Shown over
 * the route the person opened, which the app shows once they are in. `error`: what single
 * sign-on came back with (`#/sign-in?error=`).
 */
export function SignIn({ error }: { error?: string }) {
  const providers = useResource(() => api.get('/api/auth/providers'), []);
  const signIn = useSession((state) => state.signIn);
  const signedIn = useSession((state) => state.signedIn);
  const [mode, setMode] = useState<Mode>('password');
  const [resetEmail, setResetEmail] = useState('');
  const oidc = providers.data?.oidc ?? null;

  if (mode === 'api-key') return <ApiKeySignIn onBack={() => setMode('password')} />;
  if (mode === 'forgot' || mode === 'sent') {
    return (
      <AuthFrame title="Forgot your password?" intro={mode === 'forgot' ? 'We will e-mail you a link to choose a new one.' : undefined}>
        {mode === 'forgot' ? (
          <ResetRequest email={resetEmail} onEmail={setResetEmail} onSent={() => setMode('sent')} />
        ) : (
          <p role="status" data-testid="reset-sent">
            Check your e-mail: if an account uses <strong>{resetEmail}</strong>, a link to choose a new password is on its way. It works once, for a short while.
          </p>
        )}
        <button type="button" className="link-button" onClick={() => setMode('password')}>
          Back to sign in
        </button>
      </AuthFrame>
    );
  }
  if (mode === 'sign-up') {
    return (
      <AuthFrame title="Create an account" intro="Your account comes with a workspace of its own; invite your team from Members.">
        <PasswordForm mode="sign-up" submitLabel="Create account" onSubmit={async (values) => signedIn(await api.post('/api/auth/signup', values))} />
        <button type="button" className="link-button" onClick={() => setMode('password')}>
          I have an account: sign in
        </button>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title="Switchboard" intro={INTRO}>
      <FormError message={error} />
      {providers.data?.setupPending ? (
        <p className="auth-note" role="status">
          This engine waits for its owner: open the setup link it printed on its first start.
        </p>
      ) : null}
      {oidc ? (
        <>
          <a className="button button-secondary auth-sso" href={oidcStartHref(window.location.hash)} data-testid="oidc-sign-in">
            Sign in with {oidc.name}
          </a>
          <p className="auth-divider">or with your e-mail</p>
        </>
      ) : null}
      <PasswordForm mode="sign-in" submitLabel="Sign in" onSubmit={(values) => signIn(values.email, values.password)}>
        <button type="button" className="link-button auth-forgot" onClick={() => setMode('forgot')}>
          Forgot your password?
        </button>
      </PasswordForm>
      <div className="auth-alternatives">
        {providers.data?.signup ? (
          <button type="button" className="link-button" onClick={() => setMode('sign-up')}>
            Create an account
          </button>
        ) : null}
        <button type="button" className="link-button" onClick={() => setMode('api-key')} data-testid="use-api-key">
          Use an API key instead
        </button>
      </div>
    </AuthFrame>
  );
}

function ResetRequest({ email, onEmail, onSent }: { email: string; onEmail(email: string): void; onSent(): void }) {
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await api.post('/api/auth/password-reset', { email: email.trim() });
      onSent();
    });
  };
  return (
    <form className="auth-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor="reset-email">E-mail</label>
        <input id="reset-email" type="email" autoComplete="username" value={email} onChange={(event) => onEmail(event.target.value)} autoFocus required />
      </div>
      <FormError message={action.error} />
      <Button variant="primary" type="submit" busy={action.busy} disabled={!email.trim()}>
        Send the link
      </Button>
    </form>
  );
}

/** Sign in with an API key (kept for this tab only): for an engine without accounts yet, and for scripts' keys. */
function ApiKeySignIn({ onBack }: { onBack(): void }) {
  const signInWithKey = useSession((state) => state.signInWithKey);
  const [key, setKey] = useState('');
  const action = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(() => signInWithKey(key));
  };

  return (
    <AuthFrame title="Sign in with an API key">
      <form className="auth-form" onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          type="password"
          autoComplete="off"
          autoFocus
          value={key}
          onChange={(event) => setKey(event.target.value)}
          placeholder="sb_…"
          aria-describedby="api-key-help"
          aria-invalid={action.error ? true : undefined}
        />
        <p id="api-key-help" className="hint">
          A key of the workspace (API keys page), or the one the engine printed on its first start. It stays in this browser tab only.
        </p>
        <FormError message={action.error} />
        <Button variant="primary" type="submit" busy={action.busy} disabled={!key.trim()}>
          Sign in
        </Button>
      </form>
      <button type="button" className="link-button" onClick={onBack}>
        Use e-mail and password instead
      </button>
    </AuthFrame>
  );
}
