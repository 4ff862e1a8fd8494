import { useState } from 'react';

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

  const save = (change: Omit<UpdateUserInput, 'id'>) => {
    setDraft(change);
    update.mutate({ id: user.id, ...change }, { onSettled: () => setDraft(null) });
  };

  const toggleRole = (role: string, on: boolean) => {
    // Keep roles we don't show (the server may know more) and the server's order.
    save({ roles: on ? [...user.roles, role] : user.roles.filter((r) => r !== role) });
  };

  return (
    <tr className={disabled ? 'row-disabled' : undefined} aria-busy={update.isPending || undefined}>
      <th scope="row" className="cell-name">
        {user.name || <span className="muted">(no name)</span>}
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
          onChange={(e) => save({ disabled: e.target.checked })}
        />
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
