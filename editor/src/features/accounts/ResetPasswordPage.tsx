import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { navigate, routeHref } from '../../app/router';
import { useSession } from '../../store/session-store';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { useAction } from '../../ui/use-action';
import { AuthFrame } from './AuthFrame';

/** `#/reset/<token>`: the e-mailed link of a forgotten password; the new one signs in (and ends every other session). */
export function ResetPasswordPage({ token }: { token: string }) {
  const signedIn = useSession((state) => state.signedIn);
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const action = useAction();
  const mismatch = repeated.length > 0 && repeated !== password;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await signedIn(await api.post('/api/auth/password-reset/confirm', { token, password }));
      navigate({ page: 'flows' });
    });
  };

  return (
    <AuthFrame title="Choose a new password" intro="You are signed out everywhere else once it is set.">
      <form className="auth-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="new-password">New password</label>
          <input id="new-password" type="password" autoComplete="new-password" minLength={8} value={password} onChange={(event) => setPassword(event.target.value)} autoFocus required />
          <p className="hint">At least 8 characters.</p>
        </div>
        <div className="field">
          <label htmlFor="new-password-again">The same again</label>
          <input
            id="new-password-again"
            type="password"
            autoComplete="new-password"
            value={repeated}
            onChange={(event) => setRepeated(event.target.value)}
            aria-invalid={mismatch || undefined}
            required
          />
          {mismatch ? <p className="hint">The two passwords differ.</p> : null}
        </div>
        <FormError message={action.error} />
        <Button variant="primary" type="submit" busy={action.busy} disabled={!password || repeated !== password}>
          Set the password and sign in
        </Button>
      </form>
      <a href={routeHref({ page: 'sign-in' })}>Back to sign in</a>
    </AuthFrame>
  );
}
