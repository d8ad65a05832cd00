import { afterEach, describe, expect, it } from 'vitest';
import { rememberTimeZone, saveLocale, setUserDisabled } from '#lib/auth/users.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { addMessage, assignTicket, changeStatus } from '#lib/tickets/workflow.ts';
import { deskWithPeople } from '#test/desk.ts';
import { startSmtpSink, type SmtpSink } from '#test/smtp-sink.ts';
import { startMailDrain } from './drain.ts';
import { verifyLink } from './links.ts';
import { listMailTo, summarizeOutbox } from './outbox.ts';
import { queueNotificationMails } from './notification-mail.ts';
import { getMailOptOuts, optOutOfMail, setMailPreferences } from './preferences.ts';

const settings = { from: 'IT Desk <desk@example.test>', publicUrl: 'https://help.example.test' };
let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

async function desk() {
  const people = await deskWithPeople();
  const { ticket } = createTicket(people.db, people.erin.id, {
    subject: 'VPN <drops> every hour',
    description: 'It disconnects.',
    impact: 'one',
    urgency: 'high',
  });
  return { ...people, ticket };
}

describe('notifications by mail', () => {
  it('mails a reply to the requester once, with the reply quoted, both parts and an unsubscribe link', async () => {
    const { db, alex, ticket } = await desk();
    addMessage(db, ticket.id, alex, 'Please restart the client <script>x</script>.', false);
    addMessage(db, ticket.id, alex, 'Internal: check the gateway logs.', true);
    expect(queueNotificationMails(db, settings)).toBe(1);
    expect(queueNotificationMails(db, settings)).toBe(0); // the cursor moved: nothing twice

    sink = await startSmtpSink();
    const drain = startMailDrain(db, { smtpUrl: sink.url, from: settings.from, intervalMs: 60_000 });
    await drain.runOnce();
    await drain.stop();
    const [mail] = await sink.waitFor(1);
    expect(mail!.to).toMatchObject({ value: [{ address: 'erin@example.com' }] });
    expect(mail!.subject).toBe(`[T-${ticket.number}] New reply: VPN <drops> every hour`);
    expect(mail!.text).toContain('> Please restart the client <script>x</script>.');
    expect(mail!.text).not.toContain('gateway logs');
    expect(String(mail!.html)).toContain('Please restart the client &lt;script&gt;x&lt;/script&gt;.');
    expect(String(mail!.html)).not.toContain('<script>');
    expect(mail!.text).toContain(`https://help.example.test/requests/${ticket.number}`);
    const unsubscribe = mail!.headerLines.find((h) => h.key === 'list-unsubscribe')!.line;
    const token = /\/mail\/unsubscribe\/([^>]+)>/.exec(unsubscribe)![1]!;
    expect(verifyLink(db, 'unsubscribe', token)).toMatch(/^\d+-reply$/);
    expect(verifyLink(db, 'unsubscribe', token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'))).toBeNull();
    expect(verifyLink(db, 'solved', token)).toBeNull();
    expect(mail!.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('tells agents of assignments and answers, and requesters of resolutions with the way to confirm', async () => {
    const { db, erin, alex, bo, ticket } = await desk();
    assignTicket(db, ticket.id, alex, bo.id);
    addMessage(db, ticket.id, erin, 'It happened again at 10:00.', false);
    changeStatus(db, ticket.id, bo, 'resolved', { note: 'Replaced the VPN profile.' });
    expect(queueNotificationMails(db, settings)).toBe(3);
    const toBo = listMailTo(db, 'bo@example.com').map((m) => m.subject);
    expect(toBo).toEqual([
      `[T-${ticket.number}] The requester answered: VPN <drops> every hour`,
      `[T-${ticket.number}] Assigned to you: VPN <drops> every hour`,
    ]);
    const [resolved] = listMailTo(db, 'erin@example.com');
    expect(resolved!.subject).toBe(`[T-${ticket.number}] Resolved: VPN <drops> every hour`);
    expect(resolved!.text).toContain('> Replaced the VPN profile.');
    expect(resolved!.text).toContain(`/requests/${ticket.number}#fixed-title`);
    expect(resolved!.headers.References).toBe(`<ticket-${ticket.number}@example.test>`);
  });

  it('respects preferences and disabled accounts', async () => {
    const { db, erin, alex, bo, ticket } = await desk();
    optOutOfMail(db, erin.id, 'reply');
    setMailPreferences(db, bo.id, ['assigned', 'requester_reply'], new Set(['requester_reply']));
    expect(getMailOptOuts(db, bo.id)).toEqual(new Set(['assigned']));
    addMessage(db, ticket.id, alex, 'A reply Erin does not want by mail.', false);
    assignTicket(db, ticket.id, alex, bo.id);
    assignTicket(db, ticket.id, bo, alex.id);
    setUserDisabled(db, alex.id, true);
    expect(queueNotificationMails(db, settings)).toBe(0);
    expect(summarizeOutbox(db).queued).toBe(0);
    // Turned back on, the next one is mailed.
    setMailPreferences(db, erin.id, ['reply', 'resolved'], new Set(['reply', 'resolved']));
    addMessage(db, ticket.id, bo, 'Another reply.', false);
    expect(queueNotificationMails(db, settings)).toBe(1);
  });

  it('writes to each person in their language and time zone: a German account gets German mail with its own time', async () => {
    const { db, erin, alex, bo, ticket } = await desk();
    saveLocale(db, erin.id, 'de');
    rememberTimeZone(db, erin.id, 'Europe/Berlin');
    saveLocale(db, bo.id, 'it');
    addMessage(db, ticket.id, alex, 'Bitte starten Sie den Client neu.', false);
    assignTicket(db, ticket.id, alex, bo.id);
    expect(queueNotificationMails(db, settings)).toBe(2);

    sink = await startSmtpSink();
    const drain = startMailDrain(db, { smtpUrl: sink.url, from: settings.from, intervalMs: 60_000 });
    await drain.runOnce();
    await drain.stop();
    const received = await sink.waitFor(2);
    const german = received.find((m) => m.subject?.includes('Neue Antwort'))!;
    expect(german.subject).toBe(`[T-${ticket.number}] Neue Antwort: VPN <drops> every hour`);
    // The reply's moment, as a clock on the wall in Berlin shows it (an hour or two after UTC).
    const at = db
      .prepare("SELECT at FROM notifications WHERE user_id = ? AND kind = 'reply'")
      .pluck()
      .get(erin.id) as string;
    const clock = (zone: string) =>
      new Intl.DateTimeFormat('de-DE', { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(
        new Date(at),
      );
    expect(clock('Europe/Berlin')).not.toBe(clock('UTC'));
    expect(german.text).toContain('Guten Tag Erin,');
    expect(german.text).toMatch(
      new RegExp(
        `Alex hat am \\d{1,2}\\. \\S+ \\d{4}, ${clock('Europe/Berlin')} auf Ihre Anfrage T-${ticket.number} „VPN <drops> every hour“ geantwortet:`,
      ),
    );
    expect(german.text).not.toContain(clock('UTC'));
    expect(german.text).toContain('> Bitte starten Sie den Client neu.');
    expect(german.text).toContain(`Anfrage öffnen:\n${settings.publicUrl}/requests/${ticket.number}`);
    expect(german.text).toContain('Diese E-Mails abbestellen: https://help.example.test/mail/unsubscribe/');
    expect(String(german.html)).toContain('<html lang="de">');
    expect(String(german.html)).toContain('VPN &lt;drops&gt; every hour');
    expect(german.text).not.toMatch(/\b(Hello|replied|Open your request|Stop these)\b/);
    // Bo chose Italian and has no zone of his own: the default zone, named, so nobody takes it for local time.
    const italian = received.find((m) => m.subject?.includes('Assegnato a Lei'))!;
    expect(italian.subject).toBe(`[T-${ticket.number}] Assegnato a Lei: VPN <drops> every hour`);
    expect(italian.text).toContain('Gentile Bo,');
    expect(italian.text).toMatch(/Alex Le ha assegnato il ticket T-\d+ “VPN <drops> every hour” il .+ UTC\./);
    expect(italian.text).toContain('Apri il ticket:');
  });

  it('does not mail notifications that were already a day old when first seen', async () => {
    const { db, alex, ticket } = await desk();
    addMessage(db, ticket.id, alex, 'Old news.', false);
    expect(queueNotificationMails(db, settings, new Date(Date.now() + 25 * 60 * 60_000))).toBe(0);
  });
});
