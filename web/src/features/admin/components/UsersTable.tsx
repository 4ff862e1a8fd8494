import type { User } from '@/types/api';

import { ROLES, UserRow } from './UserRow';
import './users-table.css';

export function UsersTable({ users, selfId }: { users: User[]; selfId?: string }) {
  return (
    // Scrolls sideways on narrow screens; focusable so keyboard users can scroll it too.
    <div className="table-scroll" role="region" aria-label="Users" tabIndex={0}>
      <table className="users-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            {ROLES.map((r) => (
              <th key={r} scope="col" className="cell-check">
                {r[0].toUpperCase() + r.slice(1)}
              </th>
            ))}
            <th scope="col" className="cell-check">
              Disabled
            </th>
            <th scope="col">
              <span className="sr-only">Status</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <UserRow key={u.id} user={u} isSelf={u.id === selfId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
