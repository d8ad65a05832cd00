import { afterEach, describe, expect, it } from 'vitest';
import { clearFailingAddress } from '#lib/auth/admin.ts';
import { listAuditActions } from '#lib/auth/audit.ts';
import { clearMailFailing, createUser, getUserById, toPrincipal } from '#lib/auth/users.ts';
import { deskWithPeople } from '#test/desk.ts';
import { relayToDesk } from '#test/mail-relay.ts';
import { tempDir } from '#test/temp.ts';
import { enqueueMail, listMailTo } from './outbox.ts';
import type { InboundSmtp } from './smtp-listener.ts';

let listener: InboundSmtp | undefined;
afterEach(async () => {
  await listener?.stop();
  listener = undefined;
});

const from = 'IT Desk <desk@example.com>';

/** A delivery status notification as Postfix writes it, about one message to one recipient. */
const report = (id: string, recipient: string, status: string, messageId: string) =>
  [
    'From: Mail Delivery System <MAILER-DAEMON@mx.example.com>',
    'To: desk@example.com',
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <${id}@mx.example.com>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
    '',
    '--B',
    'Content-Type: text/plain',
    '',
    'This is the mail system at host mx.example.com. Your message could not be delivered.',
    '',
    '--B',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example.com',
    '',
    `Final-Recipient: rfc822; ${recipient}`,
    `Original-Recipient: rfc822;${recipient}`,
    `Action: ${status.startsWith('5') ? 'failed' : 'delayed'}`,
    `Status: ${status}`,
    `Diagnostic-Code: smtp; 550 ${status} <${recipient}>: Recipient address`,
    '    rejected: User unknown',
    '',
    '--B',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${messageId}`,
    `From: ${from}`,
    `To: ${recipient}`,
    'Subject: [T-1001] New reply: VPN',
    '',
    '--B--',
    '',
  ].join('\r\n');

async function setup() {
  const people = await deskWithPeople();
  const settings = {
    from,
    publicUrl: 'https://help.example.com',
    dataDir: tempDir(),
    allowedDomains: [],
    perSenderPerHour: 30,
    maxBytes: 1024 * 1024,
  };
  const desk = await relayToDesk(people.db, settings);
  listener = desk.listener;
  const relay = desk.relay;
  const bounce = (raw: string) => relay.sendMail({ envelope: { from: '', to: ['desk@example.com'] }, raw });
  const mailTo = (to: string) =>
    enqueueMail(people.db, { kind: 'reply', to, subject: 'New reply', text: 'Hello' }, { from });
  return { ...people, bounce, mailTo };
}

describe('bounces', () => {
  it('marks an address failing on a 5.x.x report about our mail, and stops mailing it until cleared', async () => {
    const { db, erin, alex, bounce, mailTo } = await setup();
    const sent = mailTo('erin@example.com');
    await bounce(report('b1', 'erin@example.com', '5.1.1', sent.messageId));
    expect(getUserById(db, erin.id)!.mailFailing).toMatchObject({
      reason: expect.stringMatching(
        /^5\.1\.1 550 5\.1\.1 <erin@example.com>: Recipient address rejected: User unknown$/,
      ),
    });
    expect(db.prepare('SELECT reason FROM mail_inbound').pluck().get()).toMatch(/failing: erin@example.com/);

    mailTo('erin@example.com');
    expect(listMailTo(db, 'erin@example.com')[0]).toMatchObject({
      status: 'failed',
      lastError: expect.stringContaining('the address bounced'),
    });

    // A delay (4.x.x) is not a failure; a report about a message we never sent there changes nothing.
    const toAlex = mailTo('alex@example.com');
    await bounce(report('b2', 'alex@example.com', '4.2.2', toAlex.messageId));
    await bounce(report('b3', 'alex@example.com', '5.1.1', '<forged@elsewhere.test>'));
    await bounce(report('b4', 'alex@example.com', '5.1.1', sent.messageId));
    expect(getUserById(db, alex.id)!.mailFailing).toBeNull();
    expect(db.prepare('SELECT count(*) FROM mail_outbox').pluck().get()).toBe(3); // never answered

    clearMailFailing(db, erin.id);
    expect(getUserById(db, erin.id)!.mailFailing).toBeNull();
    mailTo('erin@example.com');
    expect(listMailTo(db, 'erin@example.com')[0]!.status).toBe('queued');
  });

  it('lets the mark lapse when the address changes', async () => {
    const { db, erin, bounce, mailTo } = await setup();
    await bounce(report('b5', 'erin@example.com', '5.2.1', mailTo('erin@example.com').messageId));
    expect(getUserById(db, erin.id)!.mailFailing).not.toBeNull();
    db.prepare("UPDATE users SET email = 'erin.new@example.com' WHERE id = ?").run(erin.id);
    expect(getUserById(db, erin.id)!.mailFailing).toBeNull();
    mailTo('erin.new@example.com');
    expect(listMailTo(db, 'erin.new@example.com')[0]!.status).toBe('queued');
  });
});

describe("an admin's 'mail this address again'", () => {
  it('clears the mark, is audited, and says so when there is nothing to clear', async () => {
    const { db, erin, bounce, mailTo } = await setup();
    const admin = toPrincipal(
      await createUser(db, {
        email: 'ada@example.com',
        displayName: 'Ada',
        roles: ['admin'],
        password: 'quiet river stones 9',
      }),
    );
    await bounce(report('b6', 'erin@example.com', '5.1.1', mailTo('erin@example.com').messageId));
    const actor = { principal: admin, address: '127.0.0.1' };
    expect(clearFailingAddress(db, actor, erin.id)).toMatchObject({ ok: true });
    expect(getUserById(db, erin.id)!.mailFailing).toBeNull();
    expect(listAuditActions(db)).toContain('user.mail-failing-cleared');
    expect(clearFailingAddress(db, actor, erin.id)).toMatchObject({
      ok: false,
      errors: { form: { key: 'email.notFailing' } },
    });
  });
});
