import { useState, type FormEvent } from 'react';
import { errorMessage } from '../api/client';
import { useSession } from '../store/session-store';
import { Button } from '../ui/Button';
import { FormError } from '../ui/FormError';
import { Logo } from './Logo';

/** Sign in with the API key the engine printed on its first start (kept for this tab only). */
export function SignIn() {
  const signIn = useSession((state) => state.signIn);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(key);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit}>
        <Logo size={48} />
        <h1>Switchboard</h1>
        <p className="muted">Automations for your AI voice and chat agents: WhatsApp confirmations, follow-ups, alerts — after every call.</p>
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
          aria-invalid={error ? true : undefined}
        />
        <p id="api-key-help" className="hint">
          The engine prints it once, on its first start (“Your API key”). It stays in this browser tab only.
        </p>
        <FormError message={error} />
        <Button variant="primary" type="submit" busy={busy} disabled={!key.trim()}>
          Sign in
        </Button>
      </form>
    </main>
  );
}
