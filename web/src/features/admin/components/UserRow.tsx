import { useState } from 'react';
import { Link } from 'react-router';

import { ConfirmDialog } from '@/components/ConfirmDialog';

import { errorText } from '@/lib/form-errors';
import type { User } from '@/types/api';

import { useUpdateUser, type UpdateUserInput } from '../api/update-user';

export const ROLES = ['student', 'instructor', 'admin'] as const;

export function UserRow({ user, isSelf }: { user: User; isSelf: boolean }) {
  const update = useUpdateUser();
  const who = user.name || user.email;
  // While a change is saving, show what was asked for; on failure it snaps back.
  // (Local state, set in the event handler: a controlled checkbox whose state
  // changes only later would flick back for a moment.)
  const [draft, setDraft] = useState<Omit<UpdateUserInput, 'id'> | null>(null);
  const roles = draft?.roles ?? user.roles;
  const disabled = draft?.disabled ?? user.disabled;

  // A change waits here until the admin confirms it.
  const [asking, setAsking] = useState<{ change: Omit<UpdateUserInput, 'id'>; title: string; body: string; confirm: string; danger: boolean } | null>(
    null,
  );

  const save = (change: Omit<UpdateUserInput, 'id'>) => {
    setAsking(null);
    setDraft(change);
    update.mutate({ id: user.id, ...change }, { onSettled: () => setDraft(null) });
  };

  const toggleRole = (role: string, on: boolean) => {
    // Keep roles we don't show (the server may know more) and the server's order.
    const change = { roles: on ? [...user.roles, role] : user.roles.filter((r) => r !== role) };
    const what: Record<string, string> = {
      admin: 'see and change everything in this console: users, orders and refunds, moderation',
      instructor: 'create and sell courses',
      student: 'enroll in and take courses',
    };
    setAsking({
      change,
      title: on ? `Make ${who} ${role === 'admin' ? 'an admin' : `a ${role}`}?` : `Remove ${who}’s ${role} role?`,
      body: on ? `${who} will be able to ${what[role] ?? `act as ${role}`}.` : `${who} will no longer be able to ${what[role] ?? `act as ${role}`}.`,
      confirm: on ? `Add the ${role} role` : `Remove the ${role} role`,
      danger: !on || role === 'admin',
    });
  };

  const toggleDisabled = (on: boolean) => {
    setAsking({
      change: { disabled: on },
      title: on ? `Disable ${who}?` : `Enable ${who} again?`,
      body: on
        ? `${who} is signed out everywhere and cannot sign in until enabled again. Their courses, orders and reviews stay as they are.`
        : `${who} can sign in again.`,
      confirm: on ? 'Disable' : 'Enable',
      danger: on,
    });
  };

  return (
    <tr className={disabled ? 'row-disabled' : undefined} aria-busy={update.isPending || undefined}>
      <th scope="row" className="cell-name">
        <Link to={`/admin/users/${user.id}`} data-testid="user-link">
          {user.name || '(no name)'}
        </Link>
        {isSelf && <span className="badge">you</span>}
      </th>
      <td className="cell-email">
        {user.email}
        {!user.email_verified && <span className="muted"> · unverified</span>}
      </td>
      {ROLES.map((role) => {
        // Taking away your own admin rights (or disabling yourself) locks you out of this page.
        const locked = isSelf && role === 'admin';
        return (
          <td key={role} className="cell-check">
            <input
              type="checkbox"
              checked={roles.includes(role)}
              disabled={update.isPending || locked}
              aria-label={`${role} role for ${who}`}
              title={locked ? 'You can’t remove your own admin role' : undefined}
              onChange={(e) => toggleRole(role, e.target.checked)}
              data-testid={`role-${role}`}
            />
          </td>
        );
      })}
      <td className="cell-check">
        <input
          type="checkbox"
          role="switch"
          checked={disabled}
          disabled={update.isPending || isSelf}
          aria-label={`Disable ${who}`}
          title={isSelf ? 'You can’t disable your own account' : undefined}
          onChange={(e) => toggleDisabled(e.target.checked)}
          data-testid="disable-user"
        />
        {asking && (
          <ConfirmDialog
            title={asking.title}
            confirmLabel={asking.confirm}
            danger={asking.danger}
            onConfirm={() => save(asking.change)}
            onCancel={() => setAsking(null)}
            testId="confirm-user-change"
          >
            <p>{asking.body}</p>
          </ConfirmDialog>
        )}
      </td>
      <td className="cell-status" aria-live="polite">
        {update.isPending ? (
          <span className="muted">Saving…</span>
        ) : update.isError ? (
          <span className="field-error" role="alert">
            {errorText(update.error)}
          </span>
        ) : update.isSuccess ? (
          <span className="muted">Saved</span>
        ) : null}
      </td>
    </tr>
  );
}
