// A burst of inbound mail (issue 16): 200 messages by SMTP into the real listener and 200 by IMAP from a
// real Dovecot (when installed), handled by the same code as `npm start` (receiveMail) on a real SQLite
// file, each acknowledged through the outbox and a real SMTP server. Every message must become exactly
// one ticket or reply; the time to acknowledgement is from handing the message over to the
// acknowledgement arriving at the SMTP server. Suggestions are left out (no search engine here).
//   node scripts/bench/mail.ts [--count 200]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ImapFlow } from 'imapflow';
import nodemailer from 'nodemailer';
import { createUser } from '#lib/auth/users.ts';
import { migrate, openDatabase } from '#lib/db/db.ts';
import { startMailDrain } from '#lib/mail/drain.ts';
import { receiveMail, type InboundSettings } from '#lib/mail/inbound.ts';
import { startImapPoller } from '#lib/mail/imap-poller.ts';
import { startInboundSmtp } from '#lib/mail/smtp-listener.ts';
import { hasDovecot, startDovecot } from '../../tests/support/dovecot.ts';
import { startSmtpSink } from '../../tests/support/smtp-sink.ts';
import { percentile } from './percentile.ts';

export type MailBurstResult = {
  channel: 'smtp' | 'imap';
  messages: number;
  tickets: number;
  replies: number;
  duplicates: number;
  lost: number;
  p50: number;
  p95: number;
  seconds: number;
};

/** One burst through one channel into a fresh database. */
export async function measureMailBurst(channel: 'smtp' | 'imap', count: number): Promise<MailBurstResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fixpoint-bench-mail-${channel}-`));
  const db = openDatabase(path.join(dir, 'fixpoint.db'));
  migrate(db);
  const people = 20;
  for (let i = 0; i < people; i++)
    await createUser(db, {
      email: `p${i}@bench.example`,
      displayName: `Person ${i}`,
      roles: ['employee'],
      password: 'quiet river stones 9',
    });
  const sink = await startSmtpSink();
  const settings: InboundSettings = {
    from: 'Desk <desk@bench.example>',
    publicUrl: 'http://localhost:4321',
    dataDir: dir,
    allowedDomains: [],
    perSenderPerHour: 1_000_000,
    maxBytes: 25 * 1024 * 1024,
  };
  const drain = startMailDrain(db, { smtpUrl: sink.url, from: settings.from, intervalMs: 50 });
  const handle = async (raw: Buffer) => {
    const result = await receiveMail(db, raw, settings);
    drain.kick();
    return result;
  };
  const sentAt = new Map<string, number>();
  const raw = (i: number) => {
    const id = `burst-${channel}-${i}@bench.example`;
    return {
      id,
      text: `From: p${i % people}@bench.example\r\nTo: desk@bench.example\r\nSubject: Burst request ${i}\r\nMessage-ID: <${id}>\r\nDate: ${new Date().toUTCString()}\r\n\r\nRequest number ${i}: the printer on floor ${i % 7} is offline.\r\n`,
    };
  };
  const started = performance.now();
  let stopInbound: () => Promise<void>;
  if (channel === 'smtp') {
    const listener = await startInboundSmtp({
      host: '127.0.0.1',
      port: 0,
      maxBytes: settings.maxBytes,
      handle,
    });
    stopInbound = listener.stop;
    const relay = nodemailer.createTransport({
      host: '127.0.0.1',
      port: listener.port,
      pool: true,
      maxConnections: 4,
      ignoreTLS: true,
    });
    await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const m = raw(i);
        sentAt.set(`<${m.id}>`, performance.now());
        await relay.sendMail({
          envelope: { from: `p${i % people}@bench.example`, to: 'desk@bench.example' },
          raw: m.text,
        });
      }),
    );
    relay.close();
  } else {
    const dovecot = await startDovecot();
    const box = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    await box.connect();
    const poller = startImapPoller({ url: dovecot.url, doneFolder: 'Processed', handle });
    for (let i = 0; i < count; i++) {
      const m = raw(i);
      sentAt.set(`<${m.id}>`, performance.now());
      await box.append('INBOX', m.text);
    }
    await box.logout();
    stopInbound = async () => {
      await poller.stop();
      await dovecot.stop();
    };
  }
  // Wait for every acknowledgement (at most a minute past the last message).
  const deadline = Date.now() + 60_000;
  while (sink.messages.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const seconds = (performance.now() - started) / 1000;
  const ackTimes = db
    .prepare("SELECT headers, sent_at, created_at FROM mail_outbox WHERE kind = 'acknowledgement'")
    .all() as Array<{ headers: string; sent_at: string | null; created_at: string }>;
  const wall0 = Date.now() - performance.now();
  const delays = ackTimes
    .map((a) => {
      const original = (JSON.parse(a.headers) as Record<string, string>)['In-Reply-To']!;
      const handedOver = sentAt.get(original);
      return handedOver === undefined || !a.sent_at ? NaN : Date.parse(a.sent_at) - (wall0 + handedOver);
    })
    .filter(Number.isFinite)
    .sort((x, y) => x - y);
  const count0 = (sql: string) => db.prepare(sql).pluck().get() as number;
  const tickets = count0('SELECT count(*) FROM tickets');
  const recorded = count0('SELECT count(DISTINCT message_id) FROM mail_inbound');
  const result: MailBurstResult = {
    channel,
    messages: count,
    tickets,
    replies: count0("SELECT count(*) FROM mail_inbound WHERE outcome = 'reply'"),
    duplicates: tickets - recorded + (count0('SELECT count(*) FROM mail_inbound') - recorded),
    lost: count - recorded,
    p50: percentile(delays, 50),
    p95: percentile(delays, 95),
    seconds,
  };
  await stopInbound();
  await drain.stop();
  await sink.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '200' } } });
  const count = Number(values.count);
  const channels: Array<'smtp' | 'imap'> = hasDovecot ? ['smtp', 'imap'] : ['smtp'];
  console.log(
    '| channel | messages | tickets | lost | duplicated | ack p50 | ack p95 | burst handled in |\n| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const channel of channels) {
    const r = await measureMailBurst(channel, count);
    console.log(
      `| ${r.channel} | ${r.messages} | ${r.tickets} | ${r.lost} | ${r.duplicates} | ${r.p50.toFixed(0)} ms | ${r.p95.toFixed(0)} ms | ${r.seconds.toFixed(1)} s |`,
    );
  }
  if (!hasDovecot)
    console.log('\nDovecot is not installed: the IMAP burst was skipped (apt-get install dovecot-imapd).');
}
