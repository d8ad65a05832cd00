import { afterEach, describe, expect, it } from 'vitest';
import { createUser, saveLocale } from '#lib/auth/users.ts';
import { mergeTicket } from '#lib/tickets/merge.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { deskWithPeople } from '#test/desk.ts';
import { startSmtpSink, type SmtpSink } from '#test/smtp-sink.ts';
import { startMailDrain } from './drain.ts';
import { queueNotificationMails } from './notification-mail.ts';

const settings = { from: 'IT Desk <desk@example.test>', publicUrl: 'https://help.example.test' };
let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe('a merged request by mail', () => {
  it('tells the requester in their language which ticket the conversation continues on', async () => {
    const { db, erin, alex } = await deskWithPeople();
    const fay = await createUser(db, {
      email: 'fay@example.com',
      displayName: 'Fay',
      roles: ['employee'],
      password: 'quiet river stones 9',
    });
    saveLocale(db, fay.id, 'de');
    const kept = createTicket(db, erin.id, { subject: 'VPN drops', description: 'Hourly.' }).ticket;
    const merged = createTicket(db, fay.id, { subject: 'VPN weg', description: 'Seit 9 Uhr.' }).ticket;
    mergeTicket(db, merged.number, kept.number, alex);
    expect(queueNotificationMails(db, settings)).toBe(1);

    sink = await startSmtpSink();
    const drain = startMailDrain(db, { smtpUrl: sink.url, from: settings.from, intervalMs: 60_000 });
    await drain.runOnce();
    await drain.stop();
    const [mail] = await sink.waitFor(1);
    expect(mail!.to).toMatchObject({ value: [{ address: 'fay@example.com' }] });
    expect(mail!.subject).toBe(`[T-${merged.number}] Zusammengeführt: VPN weg`);
    expect(mail!.text).toContain(`mit T-${kept.number} zusammengeführt`);
    expect(mail!.text).toContain(`https://help.example.test/requests/${kept.number}`);
  });
});
