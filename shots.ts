import path from 'node:path';
import nodemailer from 'nodemailer';
import { chromium } from '@playwright/test';
import { createUser, markMailFailing } from '#lib/auth/users.ts';
import { createSession, generateSessionToken } from '#lib/auth/sessions.ts';
import { getDatabase } from '#lib/db/db.ts';
import { listMailTo } from '#lib/mail/outbox.ts';

const dataDir = process.env.SHOT_DATA!;
const base = 'http://localhost:4565';
const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
const out = '/tmp/fp-mail-shots';
const emp = await createUser(db, {
  email: 'shot.employee@fixpoint.example',
  displayName: 'Sam Shot',
  roles: ['employee'],
  password: 'quiet river stones 9',
});
const admin = await createUser(db, {
  email: 'shot.admin@fixpoint.example',
  displayName: 'Ada Admin',
  roles: ['admin'],
  password: 'quiet river stones 9',
});
markMailFailing(
  db,
  emp.email,
  '5.1.1 <shot.employee@fixpoint.example>: Recipient address rejected: User unknown in virtual mailbox table',
);
const relay = nodemailer.createTransport({ host: '127.0.0.1', port: 4566, secure: false, ignoreTLS: true });
const tokens: string[] = [];
for (const subject of ['Forgot my password', 'Passwort vergessen', 'Password dimenticata']) {
  await relay.sendMail({
    from: 'ada@fixpoint.example',
    to: 'help@fixpoint.example',
    subject,
    text: 'I forgot my password and cannot sign in any more. How do I reset my password?',
  });
}
await new Promise((r) => setTimeout(r, 3000));
for (const m of listMailTo(db, 'ada@fixpoint.example').reverse()) {
  const t = /\/mail\/solved\/(\S+)/.exec(m.text)?.[1];
  if (t) tokens.push(t);
}
console.log('tokens', tokens.length);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const token = generateSessionToken();
createSession(db, token, admin.id);
for (const [i, locale] of (['en', 'de', 'it'] as const).entries()) {
  for (const width of [1280, 390]) {
    const ctx = await browser.newContext({ viewport: { width, height: 900 } });
    await ctx.addCookies([
      { name: 'locale', value: locale, url: base },
      { name: 'fixpoint_session', value: token, url: base },
    ]);
    const page = await ctx.newPage();
    const shot = async (name: string) =>
      page.screenshot({ path: `${out}/${name}-${locale}-${width}.png`, fullPage: true });
    await page.goto(`${base}/admin/users/${emp.id}`);
    await shot('admin-user');
    await page.goto(`${base}/mail/solved/${tokens[i]}`);
    await shot('solved-ask');
    if (width === 390) {
      await page.getByRole('button').last().click();
      await page.waitForLoadState();
      await shot('solved-done');
      await page.goto(`${base}/mail/solved/${tokens[i]}`);
      await shot('solved-used');
      await page.goto(`${base}/mail/solved/${tokens[i]}x`);
      await shot('solved-forged');
    }
    await ctx.close();
  }
}
await browser.close();
