import { PageSpinner } from '@/components/Spinner';
import { hasRole, RequireAuth, useUser } from '@/lib/auth';

import { EmailStatus } from '../components/EmailStatus';
import { IdentitiesCard } from '../components/IdentitiesCard';
import { InstructorCard } from '../components/InstructorCard';
import { NotificationSettingsCard } from '../components/NotificationSettingsCard';
import { PasswordForm } from '../components/PasswordForm';
import { ProfileForm } from '../components/ProfileForm';
import { SessionsCard } from '../components/SessionsCard';
import { TwoFactorCard } from '../components/TwoFactorCard';

function Account() {
  const { user } = useUser();
  if (!user) return null;
  return (
    <div className="page-narrow">
      <title>Account settings · Lectern</title>
      <h1>Account settings</h1>
      <p className="roles" aria-label="Your roles">
        {user.roles.map((role) => (
          <span key={role} className="badge">
            {role}
          </span>
        ))}
      </p>
      <div className="stack">
        {!hasRole(user, 'instructor') && <InstructorCard />}
        <ProfileForm key={user.id} user={user} />
        <EmailStatus user={user} />
        <PasswordForm email={user.email} hasPassword={user.has_password !== false} />
        <NotificationSettingsCard />
        <TwoFactorCard user={user} />
        <IdentitiesCard />
        <SessionsCard />
      </div>
    </div>
  );
}

export default function AccountRoute() {
  return (
    <RequireAuth pending={<PageSpinner />}>
      <Account />
    </RequireAuth>
  );
}
