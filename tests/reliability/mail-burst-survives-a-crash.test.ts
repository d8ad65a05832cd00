import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import { afterAll, expect, it } from 'vitest';
import { createUser } from '#lib/auth/users.ts';
import { closeDatabases, getDatabase } from '#lib/db/db.ts';
import { findFreePort } from '#lib/search/engine.ts';
import { killPortal, startApp, stopApp, type RunningApp } from './app.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-mail-crash-'));
let app: RunningApp | undefined;
afterAll(async () => {
  if (app) await stopApp(app);
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const PEOPLE = 10;
const message = (i: number) => ({
  envelope: { from: `p${i % PEOPLE}@crash.example`, to: 'desk@crash.example' },
  raw: `From: p${i % PEOPLE}@crash.example\r\nTo: desk@crash.example\r\nSubject: Crash burst ${i}\r\nMessage-ID: <crash-${i}@crash.example>\r\n\r\nRequest ${i}.\r\n`,
});

it('loses no mail and makes no ticket twice when the portal is killed (SIGKILL) in the middle of an inbound burst', async () => {
  const smtpPort = await findFreePort();
  const extraEnv = {
    INBOUND_SMTP_PORT: String(smtpPort),
    MAIL_FROM: 'Desk <desk@crash.example>',
    MAIL_PER_SENDER_PER_HOUR: '100000',
  };
  app = await startApp({ port: 4384, dataDir, extraEnv });
  const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
  for (let i = 0; i < PEOPLE; i++)
    await createUser(db, {
      email: `p${i}@crash.example`,
      displayName: `P ${i}`,
      roles: ['employee'],
      password: 'quiet river stones 9',
    });
  closeDatabases();

  // Four relays sending as fast as the portal accepts; the kill comes mid-stream.
  const relay = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    pool: true,
    maxConnections: 4,
    ignoreTLS: true,
  });
  const accepted = new Set<number>();
  let next = 0;
  let killed = false;
  const sender = async () => {
    while (!killed) {
      const i = next++;
      try {
        await relay.sendMail(message(i));
        accepted.add(i);
      } catch {
        return; // the portal is gone: a real relay keeps the message and tries again later
      }
    }
  };
  const senders = Array.from({ length: 4 }, sender);
  await new Promise((r) => setTimeout(r, 2000));
  killed = true;
  killPortal(app);
  await Promise.all(senders);
  relay.close();
  await new Promise((r) =>
    app!.process.exitCode !== null || app!.process.signalCode !== null
      ? r(null)
      : app!.process.once('exit', r),
  );
  const attempted = next;
  expect(accepted.size).toBeGreaterThan(10);

  // After the restart the relay delivers everything again: what it saw refused, and (as relays do after
  // a lost connection) what was accepted too.
  app = await startApp({ port: 4384, dataDir, extraEnv });
  const again = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    pool: true,
    maxConnections: 4,
    ignoreTLS: true,
  });
  for (let i = 0; i < attempted; i++) await again.sendMail(message(i));
  again.close();

  const check = new Database(path.join(dataDir, 'fixpoint.db'), { readonly: true });
  try {
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const subjects = check
      .prepare("SELECT subject FROM tickets WHERE channel = 'email'")
      .pluck()
      .all() as string[];
    // Every message is exactly one ticket: none lost, none doubled.
    expect(subjects.length).toBe(attempted);
    expect(new Set(subjects).size).toBe(attempted);
    for (const i of accepted) expect(subjects).toContain(`Crash burst ${i}`);
    expect(check.prepare('SELECT count(*) FROM mail_inbound').pluck().get()).toBe(attempted);
    // And exactly one acknowledgement each.
    expect(
      check.prepare("SELECT count(*) FROM mail_outbox WHERE kind = 'acknowledgement'").pluck().get(),
    ).toBe(attempted);
  } finally {
    check.close();
  }
});
