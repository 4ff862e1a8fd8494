import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';
import { useNotificationSettings, useSaveNotificationSettings } from '@/lib/notifications';

/** Which notifications also come by email; every one always shows in the bell. */
export function NotificationSettingsCard() {
  const settings = useNotificationSettings();
  const save = useSaveNotificationSettings();
  return (
    <section className="card" aria-labelledby="notifications-heading" data-testid="notification-settings">
      <h2 id="notifications-heading">Email notifications</h2>
      <p className="muted">Everything shows up under the bell. Choose what also comes by email.</p>
      {settings.isPending ? (
        <Spinner label="Loading your settings…" />
      ) : settings.isError ? (
        <ErrorMessage error={settings.error} />
      ) : (
        <fieldset className="stack-small">
          <legend className="sr-only">Send me an email about</legend>
          {settings.data.items.map((s) => (
            <label key={s.kind} className="checkbox">
              <input type="checkbox" checked={s.email} disabled={save.isPending} onChange={(e) => save.mutate({ [s.kind]: e.target.checked })} data-kind={s.kind} />{' '}
              {s.label}
            </label>
          ))}
        </fieldset>
      )}
      {save.isError && <ErrorMessage error={save.error} />}
    </section>
  );
}
