import { Link, useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';
import { RequireAuth, useUser } from '@/lib/auth';

import { useUsers } from '../api/get-users';
import { UserSearch } from '../components/UserSearch';
import { UsersTable } from '../components/UsersTable';

function AdminUsers() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const { user: me } = useUser();
  const users = useUsers(q);
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];

  const search = (next: string) => setParams(next ? { q: next } : {}, { replace: true });

  let content;
  if (users.isPending) {
    content = <PageSpinner label="Loading users…" />;
  } else if (users.isError && !users.data) {
    content = (
      <ErrorMessage
        title="We couldn’t load the users."
        error={users.error}
        action={
          <Button variant="secondary" onClick={() => void users.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else if (items.length === 0) {
    content = q ? (
      <EmptyState title={`No users match “${q}”`} action={<Button variant="secondary" onClick={() => search('')}>Show all users</Button>}>
        <p>Check the spelling, or search for part of a name or email address.</p>
      </EmptyState>
    ) : (
      <EmptyState title="No users yet">
        <p>People appear here once they sign up.</p>
      </EmptyState>
    );
  } else {
    content = (
      <>
        <UsersTable users={items} selfId={me?.id} />
        <div className="list-footer">
          {users.isFetchNextPageError && <ErrorMessage error={users.error} />}
          {users.hasNextPage ? (
            <Button variant="secondary" loading={users.isFetchingNextPage} onClick={() => void users.fetchNextPage()}>
              Load more
            </Button>
          ) : (
            <p className="muted">
              {items.length === 1 ? 'That’s the only user.' : `That’s all ${items.length} users.`}
            </p>
          )}
        </div>
      </>
    );
  }

  return (
    <>
      <title>Users · Admin · Lectern</title>
      <h1>Users</h1>
      <p className="lead">Grant roles and disable accounts. Changes apply as soon as you tick a box.</p>
      <UserSearch q={q} onSearch={search} />
      {content}
    </>
  );
}

export default function AdminUsersRoute() {
  return (
    <RequireAuth
      role="admin"
      pending={<PageSpinner />}
      forbidden={
        <EmptyState
          level={1}
          title="You don’t have access to this page"
          action={
            <Link to="/" className="btn btn-primary">
              Go to the home page
            </Link>
          }
        >
          <p>Only administrators can manage users. If you need access, ask an administrator of this Lectern site.</p>
        </EmptyState>
      }
    >
      <AdminUsers />
    </RequireAuth>
  );
}
