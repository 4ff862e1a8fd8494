import { Link } from 'react-router';

import { useUser } from '@/lib/auth';

export default function HomeRoute() {
  const { user } = useUser();
  return (
    <section className="hero">
      <title>Lectern</title>
      <h1>{user ? `Welcome, ${user.name || user.email}` : 'Welcome to Lectern'}</h1>
      <p className="lead">Courses are coming. Soon you’ll be able to find, buy and watch video courses here, or teach your own.</p>
      {user ? (
        <p>
          Meanwhile, you can <Link to="/account">complete your profile</Link>.
        </p>
      ) : (
        <p className="hero-actions">
          <Link to="/signup" className="btn btn-primary">
            Create an account
          </Link>
          <Link to="/login" className="btn btn-secondary">
            Log in
          </Link>
        </p>
      )}
    </section>
  );
}
