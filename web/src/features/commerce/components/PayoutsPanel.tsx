import { Button } from '@/components/Button';
import { ErrorMessage } from '@/components/ErrorMessage';
import { Spinner } from '@/components/Spinner';

import { useDownloadStatement, useMyPayouts } from '../api/payouts';
import { formatAmount } from '../utils/money';

/** The instructor's balance: available to pay out, pending inside refund windows, paid out; the payouts and the CSV statement. */
export function PayoutsPanel() {
  const payouts = useMyPayouts();
  const download = useDownloadStatement();
  return (
    <section className="card stack" aria-labelledby="payouts-heading" data-testid="payouts">
      <div className="section-head">
        <h2 id="payouts-heading">Balance and payouts</h2>
        <Button variant="secondary" className="btn-small" onClick={() => download.mutate()} disabled={download.isPending}>
          {download.isPending ? 'Preparing…' : 'Download statement (CSV)'}
        </Button>
      </div>
      {download.isError && <ErrorMessage error={download.error} />}
      {payouts.isPending ? (
        <Spinner label="Loading your balance…" />
      ) : payouts.isError ? (
        <ErrorMessage error={payouts.error} action={<Button variant="secondary" onClick={() => void payouts.refetch()}>Try again</Button>} />
      ) : (
        <>
          <p className="muted">
            A sale’s share is pending for {payouts.data.refund_window_days} days (the refund window), then available. Subscription shares are available when
            their month closes. An administrator pays out what is available.
          </p>
          {payouts.data.balances.length === 0 ? (
            <p>No earnings yet.</p>
          ) : (
            <div className="table-wrap" role="region" aria-label="Balances table" tabIndex={0}>
              <table className="data-table" data-testid="payout-balances">
                <thead>
                  <tr>
                    <th scope="col">Currency</th>
                    <th scope="col" className="num">Available</th>
                    <th scope="col" className="num">Pending</th>
                    <th scope="col" className="num">Paid out</th>
                  </tr>
                </thead>
                <tbody>
                  {payouts.data.balances.map((b) => (
                    <tr key={b.currency} data-currency={b.currency}>
                      <th scope="row">{b.currency}</th>
                      <td className="num" data-testid="available">
                        <strong>{formatAmount(b.available_cents, b.currency)}</strong>
                      </td>
                      <td className="num">{formatAmount(b.pending_cents, b.currency)}</td>
                      <td className="num">{formatAmount(b.paid_out_cents, b.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {payouts.data.payouts.length > 0 && (
            <div className="table-wrap" role="region" aria-label="Payouts table" tabIndex={0}>
              <table className="data-table">
                <caption>Payouts</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Method</th>
                    <th scope="col">Reference</th>
                    <th scope="col" className="num">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {payouts.data.payouts.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">{new Date(p.created_at).toLocaleDateString()}</th>
                      <td>{p.method.replaceAll('_', ' ')}</td>
                      <td>{p.reference || '—'}</td>
                      <td className="num">{formatAmount(p.amount_cents, p.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
