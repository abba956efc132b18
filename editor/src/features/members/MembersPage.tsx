import type { MemberInvited, MemberView, Role } from '@switchboard/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { assignableRoles, ROLE_LABELS, type Access } from '../../store/permissions';
import { useAccess, useRefusal } from '../../store/use-access';
import { useSession } from '../../store/session-store';
import { Button } from '../../ui/Button';
import { Dialog } from '../../ui/Dialog';
import { FormError } from '../../ui/FormError';
import { ErrorState, Loading } from '../../ui/States';
import { useAction } from '../../ui/use-action';
import { useResource } from '../../ui/use-resource';
import { CopyButton } from '../runs/CopyButton';
import { absoluteTime, relativeTime } from '../runs/time-format';
import { memberLabel, memberStatus, roleChoices, sortMembers } from './member-format';
import './members.css';

/**
 * The workspace's members and pending invitations. Admins and owners invite (the link is
 * e-mailed, and shown here once to pass on another way), change roles and remove; everyone
 * else sees the list.
 */
export function MembersPage() {
  const list = useResource(() => api.get('/api/members'), []);
  const access = useAccess();
  const me = useSession((state) => state.me);
  const cannotInvite = useRefusal('POST', '/api/members', 'invite members');
  const cannotRemove = useRefusal('DELETE', '/api/members/:id', 'remove members');
  const [invited, setInvited] = useState<MemberInvited | null>(null);
  const [removing, setRemoving] = useState<MemberView | null>(null);
  const change = useAction();
  const remove = useAction();
  const members = sortMembers(list.data?.members ?? []);

  const changeRole = (member: MemberView, role: Role) =>
    change.run(async () => {
      await api.patch(`/api/members/${encodeURIComponent(member.id)}`, { role });
      list.reload();
    });

  const confirmRemove = () =>
    remove.run(async () => {
      if (!removing) return;
      await api.delete(`/api/members/${encodeURIComponent(removing.id)}`);
      setRemoving(null);
      list.reload();
    });

  return (
    <div className="page-content">
      <header className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted">
            Who works in <strong>{me?.workspace?.name ?? 'this workspace'}</strong>. Viewers read; editors also build, test and publish flows; admins also manage connections, API keys and
            members; owners also the workspace itself.
          </p>
        </div>
      </header>

      {cannotInvite ? null : <InviteForm inviter={access} onInvited={(member) => { setInvited(member); list.reload(); }} />}

      {invited ? (
        <div className="card member-invited" role="status" data-testid="invite-link">
          <p>
            <strong>{invited.email}</strong> is invited as {ROLE_LABELS[invited.role].toLowerCase()}: the link was e-mailed to them. You can also pass it on yourself; it works once
            {invited.expiresAt ? `, until ${absoluteTime(invited.expiresAt)}` : ''}.
          </p>
          <div className="member-invited-row">
            <code>{invited.inviteUrl}</code>
            <CopyButton text={invited.inviteUrl} label="Copy the invitation link" />
          </div>
          <Button onClick={() => setInvited(null)}>Done</Button>
        </div>
      ) : null}

      <FormError message={change.error} />
      {list.loading ? (
        <Loading label="Loading members…" />
      ) : list.error && !list.data ? (
        <ErrorState message={list.error} onRetry={list.reload} />
      ) : (
        <table className="table" data-testid="members">
          <caption className="visually-hidden">Members and invitations</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
              <th scope="col">Since / expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {members.map((member) => {
              const choices = roleChoices(access, member);
              const self = member.userId !== null && member.userId === me?.user?.id;
              return (
                <tr key={member.id} data-testid="member-row">
                  <td>
                    {member.name ?? <span className="muted">—</span>}
                    {self ? <span className="muted"> (you)</span> : null}
                  </td>
                  <td>{member.email}</td>
                  <td>
                    {choices.roles.length > 0 ? (
                      <select
                        aria-label={`Role of ${memberLabel(member)}`}
                        value={member.role}
                        disabled={change.busy}
                        onChange={(event) => void changeRole(member, event.target.value as Role)}
                      >
                        {choices.roles.map((role) => (
                          <option key={role} value={role}>
                            {ROLE_LABELS[role]}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span title={choices.refusal}>{ROLE_LABELS[member.role]}</span>
                    )}
                  </td>
                  <td>
                    <span className={`badge ${member.status === 'active' ? 'member-active' : 'member-pending'}`}>{memberStatus(member)}</span>
                  </td>
                  <td title={absoluteTime(member.expiresAt ?? member.createdAt)}>
                    {member.status === 'invited' && member.expiresAt ? `expires ${relativeTime(member.expiresAt)}` : relativeTime(member.createdAt)}
                  </td>
                  <td>
                    {cannotRemove || !choices.roles.length ? null : (
                      <Button variant="danger" onClick={() => setRemoving(member)}>
                        {member.status === 'invited' ? 'Withdraw' : self ? 'Leave' : 'Remove'}
                      </Button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <Dialog
        open={removing !== null}
        title={removing?.status === 'invited' ? 'Withdraw this invitation?' : 'Remove this member?'}
        onClose={() => setRemoving(null)}
        footer={
          <>
            <Button onClick={() => setRemoving(null)}>Cancel</Button>
            <Button variant="danger" busy={remove.busy} onClick={() => void confirmRemove()}>
              {removing?.status === 'invited' ? 'Withdraw invitation' : 'Remove member'}
            </Button>
          </>
        }
      >
        {removing?.status === 'invited' ? (
          <p>
            The link sent to <strong>{removing.email}</strong> stops working.
          </p>
        ) : (
          <p>
            <strong>{removing ? memberLabel(removing) : ''}</strong> ({removing?.email}) loses access to this workspace at once. Their flows, runs and audit entries stay.
          </p>
        )}
        <FormError message={remove.error} />
      </Dialog>
    </div>
  );
}

function InviteForm({ inviter, onInvited }: { inviter: Access; onInvited(member: MemberInvited): void }) {
  const roles = assignableRoles(inviter);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const invite = useAction();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void invite.run(async () => {
      const member = await api.post('/api/members', { email: email.trim(), role });
      setEmail('');
      onInvited(member);
    });
  };

  return (
    <form className="card member-invite" onSubmit={submit} aria-label="Invite a member">
      <div className="field">
        <label htmlFor="invite-email">E-mail</label>
        <input id="invite-email" type="email" value={email} placeholder="ana@example.com" onChange={(event) => setEmail(event.target.value)} required />
      </div>
      <div className="field">
        <label htmlFor="invite-role">Role</label>
        <select id="invite-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {roles.map((choice) => (
            <option key={choice} value={choice}>
              {ROLE_LABELS[choice]}
            </option>
          ))}
        </select>
      </div>
      <Button variant="primary" type="submit" busy={invite.busy} disabled={!email.trim()}>
        Invite
      </Button>
      <FormError message={invite.error} />
    </form>
  );
}
