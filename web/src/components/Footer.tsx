import { Link } from 'react-router';

import { useCategories } from '@/lib/categories';

/** The site footer: where to learn, teach and get help, and the copyright. */
export function Footer() {
  const categories = useCategories();
  return (
    <footer className="site-footer" data-testid="site-footer">
      <div className="container">
        <nav aria-label="Footer" className="footer-columns">
          <div>
            <h2>Learn</h2>
            <ul>
              <li>
                <Link to="/courses">Browse all courses</Link>
              </li>
              <li>
                <Link to="/plans">All-access subscription</Link>
              </li>
              <li>
                <Link to="/my-courses">My learning</Link>
              </li>
              <li>
                <Link to="/wishlist">Wishlist</Link>
              </li>
            </ul>
          </div>
          {(categories.data?.length ?? 0) > 0 && (
            <div>
              <h2>Categories</h2>
              <ul>
                {categories.data?.slice(0, 6).map((c) => (
                  <li key={c.id}>
                    <Link to={`/courses?category=${encodeURIComponent(c.slug)}`}>{c.name}</Link>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <div>
            <h2>Teach</h2>
            <ul>
              <li>
                <Link to="/teach">Teach on Lectern</Link>
              </li>
              <li>
                <Link to="/instructor">Instructor dashboard</Link>
              </li>
              <li>
                <Link to="/instructor/revenue">Revenue and payouts</Link>
              </li>
            </ul>
          </div>
          <div>
            <h2>Help</h2>
            <ul>
              <li>
                <Link to="/account">Account settings</Link>
              </li>
              <li>
                <Link to="/orders">Purchase history and refunds</Link>
              </li>
              <li>
                <Link to="/forgot-password">Reset your password</Link>
              </li>
            </ul>
          </div>
        </nav>
        <p className="footer-bottom">
          <span className="footer-brand">Lectern</span>
          <span>© {new Date().getFullYear()} Lectern. Courses taught by the people who do the work.</span>
        </p>
      </div>
    </footer>
  );
}
