import { afterEach, describe, expect, it } from 'vitest';
import { createUser, saveLocale } from '#lib/auth/users.ts';
import { findPasswordReset } from '#lib/auth/password-reset.ts';
import { testDatabase } from '#test/db.ts';
import { startSmtpSink, type SmtpSink } from '#test/smtp-sink.ts';
import { startMailDrain } from './drain.ts';
import { listMailTo, summarizeOutbox } from './outbox.ts';
import { mailPasswordResetLink } from './password-reset-mail.ts';

const settings = { from: 'IT Desk <desk@example.test>', publicUrl: 'https://help.example.test' };
let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

describe('the password reset mail', () => {
  it('carries a working link in both parts and reaches a real SMTP server', async () => {
    const db = testDatabase();
    const user = await createUser(db, {
      email: 'erin@example.com',
      displayName: 'Erin <b>Admin</b>',
      roles: ['employee'],
      password: 'quiet river stones 9',
    });
    expect(mailPasswordResetLink(db, { email: 'erin@example.com', address: '10.0.0.1' }, settings).ok).toBe(
      true,
    );
    sink = await startSmtpSink();
    const drain = startMailDrain(db, { smtpUrl: sink.url, from: settings.from, intervalMs: 60_000 });
    await drain.runOnce();
    await drain.stop();
    const [mail] = await sink.waitFor(1);
    expect(mail!.subject).toBe('Reset your Fixpoint password');
    const link = /https:\/\/help\.example\.test\/password-reset\/([A-Za-z0-9_-]+)/.exec(mail!.text ?? '');
    expect(link).not.toBeNull();
    expect(findPasswordReset(db, link![1]!)?.id).toBe(user.id);
    expect(String(mail!.html)).toContain(`/password-reset/${link![1]}`);
    // The name is text in the HTML part, never markup.
    expect(String(mail!.html)).toContain('Erin &lt;b&gt;Admin&lt;/b&gt;');
  });

  it('is written in the language of the account, else in that of the page it was asked from', async () => {
    const db = testDatabase();
    const password = 'quiet river stones 9';
    await createUser(db, { email: 'kai@example.com', displayName: 'Kai', roles: ['employee'], password });
    const lia = await createUser(db, {
      email: 'lia@example.com',
      displayName: 'Lia',
      roles: ['employee'],
      password,
    });
    saveLocale(db, lia.id, 'it');
    mailPasswordResetLink(db, { email: 'kai@example.com', address: '10.0.0.1', locale: 'de' }, settings);
    mailPasswordResetLink(db, { email: 'lia@example.com', address: '10.0.0.1', locale: 'de' }, settings);
    const [kai] = listMailTo(db, 'kai@example.com');
    expect(kai!.subject).toBe('Ihr Fixpoint-Kennwort zurücksetzen');
    expect(kai!.text).toContain('Der Link gilt einmal, 30 Minuten lang.');
    expect(kai!.text).toContain('Neues Kennwort festlegen:\nhttps://help.example.test/password-reset/');
    const [liaMail] = listMailTo(db, 'lia@example.com');
    expect(liaMail!.subject).toBe('Reimpostazione della password di Fixpoint');
    expect(liaMail!.html).toContain('<html lang="it">');
  });

  it('queues nothing for an unknown address', () => {
    const db = testDatabase();
    expect(
      mailPasswordResetLink(db, { email: 'nobody@example.com', address: '10.0.0.1' }, settings),
    ).toMatchObject({
      ok: true,
    });
    expect(listMailTo(db, 'nobody@example.com')).toEqual([]);
    expect(summarizeOutbox(db).queued).toBe(0);
  });
});
