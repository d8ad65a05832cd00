import { readForm } from '#lib/auth/forms.ts';
import { requirePerson } from '#lib/auth/guards.ts';
import type { Principal } from '#lib/auth/roles.ts';
import { getDb } from '#lib/db/connection.ts';
import { countUnread, listNotifications, markAllRead, type Notification } from './notifications.ts';

/** The badge in the header: unread notifications of the signed-in person (API tokens have none). */
export function unreadNotifications(principal: Principal | null): number {
  return principal?.kind === 'user' ? countUnread(getDb(), principal.id) : 0;
}

/** /notifications: the latest 50, newest first; POST marks them all read. */
export async function notificationsPage(request: Request, locals: App.Locals): Promise<{ redirect: string } | { notifications: Notification[]; unread: number }> {
  const person = requirePerson(locals);
  const db = getDb();
  if (request.method === 'POST') {
    const form = await readForm(request);
    if (form.get('action') === 'read-all') markAllRead(db, person.id);
    return { redirect: '/notifications' };
  }
  const notifications = listNotifications(db, person.id);
  return { notifications, unread: notifications.filter((n) => !n.read).length };
}
