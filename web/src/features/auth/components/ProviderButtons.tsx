import { providerStartURL, useProviders } from '../api/providers';

/** "Continue with …" for each configured sign-in provider; nothing when none is. */
export function ProviderButtons() {
  const { data: providers } = useProviders();
  if (!providers?.length) return null;
  return (
    <div className="provider-buttons" data-testid="provider-buttons">
      {providers.map((p) => (
        <a key={p.id} href={providerStartURL(p.id)} className="btn btn-secondary btn-block" data-provider={p.id}>
          Continue with {p.name}
        </a>
      ))}
      <p className="auth-divider">or</p>
    </div>
  );
}
