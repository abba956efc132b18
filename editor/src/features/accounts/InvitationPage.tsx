import { api } from '../../api/client';
import { routeHref } from '../../app/router';
import { ROLE_LABELS } from '../../store/permissions';
import { useSession } from '../../store/session-store';
import { Button } from '../../ui/Button';
import { FormError } from '../../ui/FormError';
import { ErrorState, Loading } from '../../ui/States';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import { AuthFrame } from './AuthFrame';
import { PasswordForm } from './PasswordForm';

/**
 * `#/invite/<token>`: an invitation e-mail's link. A new address signs up (and so joins); an
 * address with an account signs in, then joins; someone already signed in joins at once. Each
 * way ends in the inviting workspace.
 */
export function InvitationPage({ token }: { token: string }) {
  const preview = useResource(() => api.get(`/api/auth/invitations/${encodeURIComponent(token)}`, { quiet401: true }), [token]);
  const me = useSession((state) => state.me);
  const signIn = useSession((state) => state.signIn);
  const signedIn = useSession((state) => state.signedIn);
  const switchWorkspace = useSession((state) => state.switchWorkspace);
  const join = useAction();

  if (preview.loading) return <Loading label="Opening the invitation…" />;
  if (!preview.data) {
    return (
      <AuthFrame title="This invitation cannot be used">
        <ErrorState message={preview.error ?? 'The invitation was not found.'} />
        <p className="muted">Invitations work once and for a limited time: ask whoever invited you to send a new one.</p>
        <a href={routeHref({ page: 'sign-in' })}>Go to sign in</a>
      </AuthFrame>
    );
  }

  const invitation = preview.data;
  /** Joins with the session the person has now, and works in the new workspace from here on. */
  const accept = async () => {
    const answer = await api.post('/api/auth/invitations/accept', { token });
    await signedIn(answer);
    const joined = answer.workspace?.name === invitation.workspaceName ? answer.workspace : answer.workspaces.find((workspace) => workspace.name === invitation.workspaceName);
    if (joined) switchWorkspace(joined.id);
  };
  const intro = (
    <>
      {invitation.invitedBy ? `${invitation.invitedBy} invited you` : 'You are invited'} to join <strong>{invitation.workspaceName}</strong> as{' '}
      {ROLE_LABELS[invitation.role].toLowerCase()}.
    </>
  );

  if (me?.user) {
    const wrongAddress = invitation.email !== null && invitation.email !== me.user.email;
    return (
      <AuthFrame title={`Join ${invitation.workspaceName}`} intro={intro}>
        {wrongAddress ? (
          <p className="auth-note">
            The invitation is for {invitation.email}; you are signed in as {me.user.email}. Sign out and open the link again to join with that address.
          </p>
        ) : null}
        <FormError message={join.error} />
        <Button variant="primary" busy={join.busy} disabled={wrongAddress} onClick={() => void join.run(accept)}>
          Join {invitation.workspaceName}
        </Button>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={`Join ${invitation.workspaceName}`} intro={intro}>
      {invitation.accountExists ? (
        <>
          <p className="muted">{invitation.email} has an account: sign in to join.</p>
          <PasswordForm
            mode="sign-in"
            email={invitation.email}
            submitLabel="Sign in and join"
            onSubmit={async (values) => {
              await signIn(values.email, values.password);
              await accept();
            }}
          />
        </>
      ) : (
        <PasswordForm
          mode="sign-up"
          email={invitation.email}
          submitLabel="Create account and join"
          onSubmit={async (values) => {
            const answer = await api.post('/api/auth/signup', { ...values, invitation: token });
            await signedIn(answer);
            if (answer.workspace) switchWorkspace(answer.workspace.id);
          }}
        />
      )}
    </AuthFrame>
  );
}
