import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { useAction } from '../../ui/use-action';

/**
 * E-mail and password, for signing in (`current-password`) or creating an account
 * (`new-password`, with a name). `email` given: the address the link was sent to, not editable.
 */
export function PasswordForm({
  mode,
  email: fixedEmail,
  submitLabel,
  onSubmit,
  children,
}: {
  mode: 'sign-in' | 'sign-up';
  email?: string | null;
  submitLabel: string;
  onSubmit(values: { email: string; password: string; name: string }): Promise<unknown>;
  children?: ReactNode;
}) {
  const [email, setEmail] = useState(fixedEmail ?? '');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const action = useAction();
  const signUp = mode === 'sign-up';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(() => onSubmit({ email: email.trim(), password, name: name.trim() }));
  };

  return (
    <form className="auth-form" onSubmit={submit}>
      {signUp ? (
        <div className="field">
          <label htmlFor="account-name">Your name</label>
          <input id="account-name" autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} autoFocus required maxLength={200} />
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="account-email">E-mail</label>
        <input
          id="account-email"
          type="email"
          autoComplete={signUp ? 'email' : 'username'}
          value={email}
          readOnly={Boolean(fixedEmail)}
          onChange={(event) => setEmail(event.target.value)}
          autoFocus={!signUp && !fixedEmail}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="account-password">Password</label>
        <input
          id="account-password"
          type="password"
          autoComplete={signUp ? 'new-password' : 'current-password'}
          value={password}
          minLength={signUp ? 8 : undefined}
          onChange={(event) => setPassword(event.target.value)}
          autoFocus={!signUp && Boolean(fixedEmail)}
          aria-describedby={signUp ? 'account-password-help' : undefined}
          required
        />
        {signUp ? (
          <p id="account-password-help" className="hint">
            At least 8 characters; a sentence you remember is a good one.
          </p>
        ) : null}
      </div>
      {children}
      <FormError message={action.error} />
      <Button variant="primary" type="submit" busy={action.busy} disabled={!email.trim() || !password || (signUp && !name.trim())}>
        {submitLabel}
      </Button>
    </form>
  );
}
