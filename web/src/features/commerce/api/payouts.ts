import { useMutation, useQuery } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

import type { MyPayouts } from '../types';

/** GET /instructor/payouts: balances per currency and the payouts made. */
export function getMyPayouts(signal?: AbortSignal): Promise<MyPayouts> {
  return api.get<MyPayouts>('/instructor/payouts', { signal });
}

export function useMyPayouts() {
  return useQuery({ queryKey: ['instructor', 'payouts'], queryFn: ({ signal }) => getMyPayouts(signal) });
}

/** GET /instructor/statement.csv, saved as a file (the API needs the bearer token, so a plain link would not do). */
export async function downloadStatement(): Promise<void> {
  const text = await api.getText('/instructor/statement.csv');
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `lectern-statement-${new Date().toISOString().slice(0, 10)}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function useDownloadStatement() {
  return useMutation({ mutationFn: downloadStatement });
}
