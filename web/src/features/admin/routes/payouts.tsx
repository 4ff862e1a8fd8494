import { useState } from 'react';

import { Button } from '@/components/Button';
import { EmptyState } from '@/components/EmptyState';
import { ErrorMessage } from '@/components/ErrorMessage';
import { PageSpinner } from '@/components/Spinner';

import { usePayoutBalances } from '../api/payouts';
import { PayoutDialog } from '../components/PayoutDialog';
import type { InstructorBalance } from '../types';
import { formatMoney } from '../utils/money';

/** /admin/payouts: every instructor's balance; record a payout made outside Lectern. */
export default function AdminPayoutsRoute() {
  const balances = usePayoutBalances();
  const [paying, setPaying] = useState<InstructorBalance | null>(null);

  let content;
  if (balances.isPending) {
    content = <PageSpinner label="Loading balances…" />;
  } else if (balances.isError) {
    content = (
      <ErrorMessage
        title="We couldn’t load the balances."
        error={balances.error}
        action={
          <Button variant="secondary" onClick={() => void balances.refetch()}>
            Try again
          </Button>
        }
      />
    );
  } else if (balances.data.length === 0) {
    content = (
      <EmptyState title="No instructor has earned anything yet">
        <p>Balances appear here after the first sale of a paid course or the first closed subscription month.</p>
      </EmptyState>
    );
  } else {
    content = (
      <div className="admin-table-wrap" role="region" aria-label="Balances" tabIndex={0}>
        <table className="admin-table" data-testid="admin-payouts">
          <thead>
            <tr>
              <th scope="col">Instructor</th>
              <th scope="col" className="num">Available</th>
              <th scope="col" className="num">Pending</th>
              <th scope="col" className="num">Paid out</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {balances.data.map((b) => (
              <tr key={`${b.instructor.id}-${b.currency}`} data-instructor={b.instructor.email}>
                <th scope="row">
                  {b.instructor.name}
                  <br />
                  <span className="muted">{b.instructor.email}</span>
                </th>
                <td className="num">
                  <strong>{formatMoney(b.available_cents, b.currency)}</strong>
                </td>
                <td className="num">{formatMoney(b.pending_cents, b.currency)}</td>
                <td className="num">{formatMoney(b.paid_out_cents, b.currency)}</td>
                <td>
                  <Button variant="secondary" className="btn-small" disabled={b.available_cents <= 0} onClick={() => setPaying(b)}>
                    Record payout
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <>
      <title>Payouts · Admin · Lectern</title>
      <h1>Payouts</h1>
      <p className="lead">
        What each instructor has earned: a sale’s share is pending until its refund window has passed, then available. Record a payout after sending the money;
        it cannot exceed what is available and goes in the audit log.
      </p>
      {content}
      {paying && <PayoutDialog balance={paying} onClose={() => setPaying(null)} />}
    </>
  );
}
