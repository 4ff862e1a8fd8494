import { rememberNext } from '@/lib/auth';

import { providerStartURL, useProviders } from '../api/providers';

/** "Continue with …" for each configured sign-in provider; nothing when none is. `next`: where to come back to. */
export function ProviderButtons({ next }: { next?: string }) {
  const { data: providers } = useProviders();
  if (!providers?.length) return null;
  return (
    <div className="provider-buttons" data-testid="provider-buttons">
      {providers.map((p) => (
        <a key={p.id} href={providerStartURL(p.id)} onClick={() => rememberNext(next)} className="btn btn-secondary btn-block" data-provider={p.id}>
          Continue with {p.name}
        </a>
      ))}
      <p className="auth-divider">or</p>
    </div>
  );
}
