import { z } from 'zod';
import type { AdminResult } from '#lib/auth/admin.ts';
import { recordAudit } from '#lib/auth/audit.ts';
import { describePrincipal } from '#lib/auth/roles.ts';
import { getConfig } from '#lib/config/config.ts';
import { getDb } from '#lib/db/connection.ts';
import { msg, type MessageKey } from '#lib/i18n/translate.ts';
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

/** What the queue calls each kind of mail; a kind not listed shows its id. */
const MAIL_KINDS: Record<string, MessageKey> = {
  reply: 'admin.kindReply',
  resolved: 'admin.kindResolved',
  assigned: 'admin.kindAssigned',
  requester_reply: 'admin.kindRequesterReply',
  reopened: 'admin.kindReopened',
  closed: 'admin.kindClosed',
  sla_warning: 'email.adminKindSlaWarning',
  acknowledgement: 'admin.kindAcknowledgement',
  refusal: 'admin.kindRefusal',
  password_reset: 'admin.kindPasswordReset',
};

/** What became of a received message, in words: its label (the reason it was not filed stays as recorded). */
const INBOUND_OUTCOMES: Record<string, MessageKey> = {
  ignored: 'admin.outcomeIgnored',
  refused: 'admin.outcomeRefused',
  limited: 'admin.outcomeLimited',
  duplicate: 'admin.outcomeDuplicate',
};

/** /admin/mail: the outgoing queue, failures (with "send again") and the latest mail sent. */
export async function mailAdminPage(input: PageInput) {
  const principal = requirePerson(input.locals, ['admin']);
  const db = getDb();
  let result: AdminResult | null = null;
  if (input.request.method === 'POST') {
    const form = RetryForm.safeParse(Object.fromEntries(await readForm(input.request)));
    if (!form.success) result = { ok: false, errors: { form: msg('admin.chooseFailedMail') } };
    else if (!retryFailedMail(db, form.data.id))
      result = { ok: false, errors: { form: msg('admin.mailNoLongerWaiting') } };
    else {
      recordAudit(db, {
        actor: describePrincipal(principal),
        action: 'mail.retry',
        address: input.address,
        target: `mail:${form.data.id}`,
      });
      result = { ok: true, message: msg('admin.mailQueuedAgain') };
    }
  }
  const config = getConfig();
  const { i18n } = input.locals;
  const kindLabel = (kind: string) => (Object.hasOwn(MAIL_KINDS, kind) ? i18n.t(MAIL_KINDS[kind]!) : kind);
  const labelled = <T extends { kind: string }>(entries: T[]) =>
    entries.map((e) => ({ ...e, kindLabel: kindLabel(e.kind) }));
  return {
    result,
    status: result && !result.ok ? 400 : 200,
    summary: summarizeOutbox(db),
    queued: labelled(listOutbox(db, 'queued', 50)),
    failed: labelled(listOutbox(db, 'failed', 50)),
    sent: labelled(listOutbox(db, 'sent', 20)),
    received: listInbound(db, 30).map((m) => ({
      ...m,
      outcomeLabel: Object.hasOwn(INBOUND_OUTCOMES, m.outcome)
        ? i18n.t(INBOUND_OUTCOMES[m.outcome]!)
        : m.outcome,
    })),
    smtpConfigured: Boolean(config.mail.smtpUrl),
    from: config.mail.from,
  };
}
