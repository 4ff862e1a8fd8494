import { Link, useLocation } from 'react-router';

import { EmptyState } from '@/components/EmptyState';

export default function NotFoundRoute() {
  const { pathname } = useLocation();
  return (
    <>
      <title>Page not found · Lectern</title>
      <EmptyState
        level={1}
        title="Page not found"
        action={
          <Link to="/" className="btn btn-primary">
            Go to the home page
          </Link>
        }
      >
        <p>
          There is nothing at <code>{pathname}</code>. Check the address, or start again from the home page.
        </p>
      </EmptyState>
    </>
  );
}
