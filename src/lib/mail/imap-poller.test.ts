import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { deskWithPeople } from '#test/desk.ts';
import { hasDovecot, startDovecot, type Dovecot } from '#test/dovecot.ts';
import { tempDir } from '#test/temp.ts';
import { receiveMail, type InboundSettings } from './inbound.ts';
import { startImapPoller, type ImapPoller } from './imap-poller.ts';

let dovecot: Dovecot | undefined;
let poller: ImapPoller | undefined;
afterEach(async () => {
  await poller?.stop();
  await dovecot?.stop();
  poller = dovecot = undefined;
});

const message = (id: string, subject: string, from = 'erin@example.com') =>
  `From: ${from}\r\nTo: desk@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${id}@mail.example.com>\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n\r\n${subject}: details.\r\n`;

async function mailbox(d: Dovecot) {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: d.port,
    secure: false,
    auth: { user: d.user, pass: d.password },
    logger: false,
  });
  await client.connect();
  return client;
}

/** STATUS of a mailbox (imapflow answers false when the server refuses). */
async function status(box: ImapFlow, path: string) {
  const answer = await box.status(path, { messages: true, unseen: true });
  if (!answer) throw new Error(`no STATUS for ${path}`);
  return answer;
}

async function waitFor(check: () => boolean, ms = 25_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!hasDovecot)(
  'reading the desk mailbox over IMAP (a real Dovecot)',
  { timeout: 60_000 },
  () => {
    it('turns unseen mail into tickets, then flags and moves it; new mail arrives through IDLE; a message seen twice makes one ticket', async () => {
      const { db } = await deskWithPeople();
      dovecot = await startDovecot();
      const settings: InboundSettings = {
        from: 'IT Desk <desk@example.com>',
        publicUrl: 'https://help.example.com',
        dataDir: tempDir(),
        allowedDomains: [],
        perSenderPerHour: 30,
        maxBytes: 1024 * 1024,
      };
      const box = await mailbox(dovecot);
      await box.append('INBOX', message('a', 'Monitor flickers'));
      // The same message delivered twice (a forward, a redelivery): one ticket.
      await box.append('INBOX', message('a', 'Monitor flickers'));
      const tickets = () =>
        db.prepare("SELECT subject FROM tickets WHERE channel = 'email'").pluck().all() as string[];

      poller = startImapPoller({
        url: dovecot.url,
        doneFolder: 'Processed',
        handle: (raw) => receiveMail(db, raw, settings),
      });
      await waitFor(() => tickets().length === 1);
      await waitFor(() => db.prepare('SELECT count(*) FROM mail_inbound').pluck().get() === 1);

      // New mail while the poller idles on the mailbox.
      await box.append('INBOX', message('b', 'Keyboard missing keys'));
      await waitFor(() => tickets().length === 2);
      expect(tickets()).toEqual(['Monitor flickers', 'Keyboard missing keys']);

      await new Promise((r) => setTimeout(r, 500));
      const inbox = await status(box, 'INBOX');
      const processed = await status(box, 'Processed');
      expect(inbox.messages).toBe(0);
      expect(processed).toMatchObject({ messages: 3, unseen: 0 });
      await box.logout();
    });

    it('leaves a message unseen when handling it fails, and the next read makes exactly one ticket', async () => {
      const { db } = await deskWithPeople();
      dovecot = await startDovecot();
      const settings: InboundSettings = {
        from: 'IT Desk <desk@example.com>',
        publicUrl: 'https://help.example.com',
        dataDir: tempDir(),
        allowedDomains: [],
        perSenderPerHour: 30,
        maxBytes: 1024 * 1024,
      };
      const box = await mailbox(dovecot);
      await box.append('INBOX', message('c', 'Laptop fan loud'));
      let crashes = 1;
      // Committed, then "crashed" before the flag: the worst moment.
      poller = startImapPoller({
        url: dovecot.url,
        handle: async (raw) => {
          const result = await receiveMail(db, raw, settings);
          if (crashes-- > 0) throw new Error('crash after commit');
          return result;
        },
      });
      const count = () =>
        db.prepare("SELECT count(*) FROM tickets WHERE channel = 'email'").pluck().get() as number;
      await waitFor(() => count() === 1);
      await new Promise((r) => setTimeout(r, 300));
      expect((await status(box, 'INBOX')).unseen).toBe(1);
      await poller.poll();
      expect((await status(box, 'INBOX')).unseen).toBe(0);
      expect(count()).toBe(1);
      await box.logout();
    });
  },
);
