import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { startSmtpSink, type SmtpSink } from '#test/smtp-sink.ts';
import { findFreePort } from '#lib/search/engine.ts';
import { startMailDrain, type MailDrain } from './drain.ts';
import { enqueueMail, listMailTo, summarizeOutbox, retryFailedMail } from './outbox.ts';

const from = 'IT Desk <desk@example.test>';
let drain: MailDrain | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await drain?.stop();
  await sink?.close();
  drain = sink = undefined;
});

const mail = (to: string) => ({
  kind: 'test',
  to,
  subject: 'Hello',
  text: 'Plain part',
  html: '<p>HTML part</p>',
});

describe('the mail outbox', () => {
  it('sends queued mail with both parts, the fixed Message-ID and extra headers', async () => {
    const db = testDatabase();
    sink = await startSmtpSink();
    const { messageId } = enqueueMail(
      db,
      { ...mail('ana@example.test'), headers: { 'List-Unsubscribe': '<https://x.test/u>' } },
      { from },
    );
    drain = startMailDrain(db, { smtpUrl: sink.url, from, intervalMs: 60_000 });
    await drain.runOnce();
    const [received] = await sink.waitFor(1);
    expect(received!.subject).toBe('Hello');
    expect(received!.text?.trim()).toBe('Plain part');
    expect(received!.html).toContain('<p>HTML part</p>');
    expect(received!.messageId).toBe(messageId);
    expect(received!.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toContain(
      'https://x.test/u',
    );
    expect(listMailTo(db, 'ana@example.test')[0]!.status).toBe('sent');
  });

  it('keeps mail while the SMTP server is down and sends it once the server answers', async () => {
    const db = testDatabase();
    const port = await findFreePort();
    enqueueMail(db, mail('bo@example.test'), { from });
    drain = startMailDrain(db, { smtpUrl: `smtp://127.0.0.1:${port}`, from, intervalMs: 60_000 });
    await drain.runOnce();
    const [waiting] = listMailTo(db, 'bo@example.test');
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting!.lastError).toBeTruthy();
    expect(Date.parse(waiting!.nextAttemptAt)).toBeGreaterThan(Date.now());
    // Not due yet: another round sends nothing and does not count an attempt.
    await drain.runOnce();
    expect(listMailTo(db, 'bo@example.test')[0]!.attempts).toBe(1);

    sink = await startSmtpSink(port);
    db.prepare('UPDATE mail_outbox SET next_attempt_at = ?').run(new Date().toISOString());
    await drain.runOnce();
    await sink.waitFor(1);
    expect(listMailTo(db, 'bo@example.test')[0]).toMatchObject({ status: 'sent', attempts: 2 });
    expect(summarizeOutbox(db)).toMatchObject({ queued: 0, sent: 1, failed: 0 });
  });

  it('marks mail the server refuses (5xx) as failed, goes on with the rest, and sends it again on request', async () => {
    const db = testDatabase();
    sink = await startSmtpSink();
    sink.refuse.add('nobody@example.test');
    const refused = enqueueMail(db, mail('nobody@example.test'), { from });
    enqueueMail(db, mail('cy@example.test'), { from });
    drain = startMailDrain(db, { smtpUrl: sink.url, from, intervalMs: 60_000 });
    await drain.runOnce();
    await sink.waitFor(1);
    expect(listMailTo(db, 'nobody@example.test')[0]).toMatchObject({ status: 'failed' });
    expect(listMailTo(db, 'nobody@example.test')[0]!.lastError).toMatch(/550/);
    sink.refuse.clear();
    expect(retryFailedMail(db, refused.id)).toBe(true);
    expect(retryFailedMail(db, refused.id)).toBe(false);
    await drain.runOnce();
    await sink.waitFor(2);
    expect(summarizeOutbox(db)).toMatchObject({ queued: 0, sent: 2, failed: 0 });
  });

  it('refuses header injection in subjects and headers', () => {
    const db = testDatabase();
    enqueueMail(db, { ...mail('d@example.test'), subject: 'a\r\nBcc: x@evil.test' }, { from });
    expect(listMailTo(db, 'd@example.test')[0]!.subject).toBe('a Bcc: x@evil.test');
    expect(() =>
      enqueueMail(db, { ...mail('d@example.test'), headers: { 'X-A': 'b\r\nBcc: x@evil.test' } }, { from }),
    ).toThrow();
  });
});
