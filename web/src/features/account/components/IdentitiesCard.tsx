import { useSearchParams } from 'react-router';

import { Button } from '@/components/Button';
import { ErrorMessage, SuccessMessage } from '@/components/ErrorMessage';

import { useIdentities, useProviders, useStartLink, useUnlink } from '../api/security';

/** Sign-in providers linked to the account; link more or unlink while another way in remains. */
export function IdentitiesCard() {
  const { data: providers } = useProviders();
  const identities = useIdentities();
  const link = useStartLink();
  const unlink = useUnlink();
  const [params] = useSearchParams();
  if (!providers?.length && !identities.data?.length) return null;
  const linked = new Set(identities.data?.map((i) => i.provider));
  const name = (id: string) => providers?.find((p) => p.id === id)?.name ?? id;

  return (
    <section className="card" aria-labelledby="identities-heading" data-testid="identities">
      <h2 id="identities-heading">Sign-in providers</h2>
      {params.get('linked') && <SuccessMessage>{name(params.get('linked') ?? '')} is linked to your account.</SuccessMessage>}
      {identities.isError && <ErrorMessage error={identities.error} />}
      {(link.isError || unlink.isError) && <ErrorMessage error={link.error ?? unlink.error} />}
      <ul className="session-list">
        {identities.data?.map((i) => (
          <li key={i.provider} className="session-row">
            <div>
              <strong>{name(i.provider)}</strong> <span className="muted">{i.email}</span>
            </div>
            <Button variant="secondary" loading={unlink.isPending && unlink.variables === i.provider} onClick={() => unlink.mutate(i.provider)}>
              Unlink
            </Button>
          </li>
        ))}
        {providers
          ?.filter((p) => !linked.has(p.id))
          .map((p) => (
            <li key={p.id} className="session-row">
              <div>
                <strong>{p.name}</strong> <span className="muted">not linked</span>
              </div>
              <Button variant="secondary" loading={link.isPending && link.variables === p.id} onClick={() => link.mutate(p.id)}>
                Link
              </Button>
            </li>
          ))}
      </ul>
    </section>
  );
}
