import { z } from 'zod';
import type { AdminResult } from '#lib/auth/admin.ts';
import { recordAudit } from '#lib/auth/audit.ts';
import { describePrincipal } from '#lib/auth/roles.ts';
import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { listInbound } from '#lib/mail/inbound.ts';
import { listOutbox, retryFailedMail, summarizeOutbox } from '#lib/mail/outbox.ts';
import { requirePerson } from './guards.ts';
import { readForm } from './http.ts';

type PageInput = { request: Request; locals: App.Locals; address: string };

const RetryForm = z.object({
  action: z.literal('retry'),
  id: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 40),
});

/** /admin/mail: the outgoing queue, failures (with "send again") and the latest mail sent. */
export async function mailAdminPage(input: PageInput) {
  const principal = requirePerson(input.locals, ['admin']);
  const db = getDb();
  let result: AdminResult | null = null;
  if (input.request.method === 'POST') {
    const form = RetryForm.safeParse(Object.fromEntries(await readForm(input.request)));
    if (!form.success) result = { ok: false, errors: { form: 'Choose a failed message to send again.' } };
    else if (!retryFailedMail(db, form.data.id))
      result = { ok: false, errors: { form: 'That message is no longer waiting to be sent again.' } };
    else {
      recordAudit(db, {
        actor: describePrincipal(principal),
        action: 'mail.retry',
        address: input.address,
        target: `mail:${form.data.id}`,
      });
      result = { ok: true, message: 'The message is queued again and goes out within a few seconds.' };
    }
  }
  const config = getConfig();
  return {
    result,
    status: result && !result.ok ? 400 : 200,
    summary: summarizeOutbox(db),
    queued: listOutbox(db, 'queued', 50),
    failed: listOutbox(db, 'failed', 50),
    sent: listOutbox(db, 'sent', 20),
    received: listInbound(db, 30),
    smtpConfigured: Boolean(config.mail.smtpUrl),
    from: config.mail.from,
  };
}
