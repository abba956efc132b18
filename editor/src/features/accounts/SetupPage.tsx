import { api } from '../../api/client';
import { navigate } from '../../app/router';
import { useSession } from '../../store/session-store';
import { AuthFrame } from './AuthFrame';
import { PasswordForm } from './PasswordForm';

/** `#/setup/<token>`: the link the engine printed on its first start makes the owner of the first workspace. */
export function SetupPage({ token }: { token: string }) {
  const signedIn = useSession((state) => state.signedIn);
  return (
    <AuthFrame title="Set up Switchboard" intro="Create the owner's account of this engine's first workspace. You can invite your team once you are in.">
      <PasswordForm
        mode="sign-up"
        submitLabel="Create the owner's account"
        onSubmit={async (values) => {
          await signedIn(await api.post('/api/auth/signup', { ...values, setup: token }));
          navigate({ page: 'flows' });
        }}
      />
    </AuthFrame>
  );
}
