// Notifications live in lib, not in a feature: the header's bell shows them on
// every page, and account settings change which ones also come by email.

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api } from '@/lib/api-client';

/** GET /me/notifications item. */
export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  /** A path in the app. */
  link: string;
  read: boolean;
  created_at: string;
}

export interface NotificationList {
  items: AppNotification[];
  unread: number;
  next_cursor: string | null;
}

export const notificationsKey = ['notifications'] as const;

/** The newest notifications and the unread count, checked again every 15 seconds (an answer should not take long to show). */
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationsKey,
    queryFn: ({ signal }) => api.get<NotificationList>('/me/notifications', { signal, query: { limit: 20 } }),
    enabled,
    refetchInterval: 15_000,
  });
}

/** Mark some notifications read; none named: all of them. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: string[]) => api.post<{ unread: number }>('/me/notifications/read', { ids }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationsKey }),
  });
}

/** GET /me/notification-settings item. */
export interface NotificationSetting {
  kind: string;
  label: string;
  email: boolean;
}

const settingsKey = ['notification-settings'] as const;

export function useNotificationSettings() {
  return useQuery({
    queryKey: settingsKey,
    queryFn: ({ signal }) => api.get<{ items: NotificationSetting[] }>('/me/notification-settings', { signal }),
  });
}

export function useSaveNotificationSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (email: Record<string, boolean>) => api.put<{ items: NotificationSetting[] }>('/me/notification-settings', { email }),
    onSuccess: (data) => queryClient.setQueryData(settingsKey, data),
  });
}
