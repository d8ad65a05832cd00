import { readForm } from './http.ts';
import { requirePerson } from './guards.ts';
import { getDb } from '#lib/db/connection.ts';
import { listNotifications, markAllRead, type Notification } from '#lib/notifications/notifications.ts';

/** /notifications: the latest 50, newest first; POST marks them all read. */
export async function notificationsPage(
  request: Request,
  locals: App.Locals,
): Promise<{ redirect: string } | { notifications: Notification[]; unread: number }> {
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
