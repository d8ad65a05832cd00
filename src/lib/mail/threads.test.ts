import type { SendMailOptions } from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { getAttachmentForViewer, listAttachments, storeUploads } from '#lib/tickets/attachments.ts';
import { getTicketForViewer } from '#lib/tickets/tickets.ts';
import { addMessage, getTimeline, listFollowers } from '#lib/tickets/workflow.ts';
import { deskWithPeople } from '#test/desk.ts';
import { relayToDesk } from '#test/mail-relay.ts';
import { startSmtpSink, type SmtpSink } from '#test/smtp-sink.ts';
import { tempDir } from '#test/temp.ts';
import { startMailDrain } from './drain.ts';
import type { InboundSettings } from './inbound.ts';
import { queueNotificationMails } from './notification-mail.ts';
import { listMailTo } from './outbox.ts';
import type { InboundSmtp } from './smtp-listener.ts';

let listener: InboundSmtp | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await listener?.stop();
  await sink?.close();
  listener = sink = undefined;
});

async function setup(overrides: Partial<InboundSettings> = {}) {
  const people = await deskWithPeople();
  const password = 'quiet river stones 9';
  const kim = toPrincipal(
    await createUser(people.db, {
      email: 'kim@example.com',
      displayName: 'Kim',
      roles: ['employee'],
      password,
    }),
  );
  const sam = toPrincipal(
    await createUser(people.db, {
      email: 'sam@example.com',
      displayName: 'Sam',
      roles: ['employee'],
      password,
    }),
  );
  const settings: InboundSettings = {
    from: 'IT Desk <desk@example.com>',
    publicUrl: 'https://help.example.com',
    dataDir: tempDir(),
    allowedDomains: [],
    perSenderPerHour: 30,
    maxBytes: 1024 * 1024,
    ...overrides,
  };
  const desk = await relayToDesk(people.db, settings);
  listener = desk.listener;
  const relay = desk.relay;
  const send = (mail: SendMailOptions) => relay.sendMail({ to: 'desk@example.com', ...mail });
  const ticketNumbers = () =>
    people.db.prepare('SELECT number FROM tickets ORDER BY id').pluck().all() as number[];
  const replies = (number: number) =>
    getTimeline(people.db, getTicketForViewer(people.db, number, people.alex)!.id, { includeInternal: false })
      .filter((e) => e.type === 'reply')
      .map((e) => [e.actorName, e.body]);
  return { ...people, kim, sam, settings, send, ticketNumbers, replies };
}

describe('mail threads', () => {
  it('answers carry a signed reply address; an answer to it lands on the ticket without headers or tag', async () => {
    const { db, send, ticketNumbers, replies } = await setup();
    await send({ from: 'erin@example.com', subject: 'Monitor flickers', text: 'Since Monday.' });
    const [number] = ticketNumbers();
    const [ack] = listMailTo(db, 'erin@example.com');
    const replyTo = ack!.headers['Reply-To']!;
    expect(replyTo).toMatch(/^desk\+[A-Za-z0-9_.-]+@example\.com$/);
    // A mail program that keeps neither In-Reply-To nor the subject's tag.
    await send({ from: 'erin@example.com', to: replyTo, subject: 'still', text: 'It got worse.' });
    expect(ticketNumbers()).toEqual([number]);
    expect(replies(number!)).toEqual([['Erin', 'It got worse.']]);
    // A token changed by hand is no token: a new request.
    const forged = replyTo.replace(/\+(.)/, (_, c: string) => `+${c === 'a' ? 'b' : 'a'}`);
    await send({ from: 'erin@example.com', to: forged, subject: 'Another thing', text: 'Keyboard.' });
    expect(ticketNumbers()).toHaveLength(2);
  });

  it("makes colleagues the requester copied participants: they hear the desk's replies and theirs land", async () => {
    const { db, alex, kim, sam, settings, send, ticketNumbers, replies } = await setup();
    await send({
      from: 'erin@example.com',
      cc: ['Kim <kim@example.com>', 'desk@example.com', 'nobody@example.com'],
      subject: 'Projector in room 4',
      text: 'No signal.',
      attachments: [{ filename: 'photo.txt', content: 'a photo\n' }],
    });
    const [number] = ticketNumbers();
    const ticket = getTicketForViewer(db, number!, alex)!;
    expect(listFollowers(db, ticket.id).map((f) => f.name)).toEqual(['Kim']);
    expect(getTicketForViewer(db, number!, kim)).not.toBeNull();
    // Someone not copied sees nothing of it, its files included; the colleague sees the public ones.
    expect(getTicketForViewer(db, number!, sam)).toBeNull();
    const [photo] = listAttachments(db, ticket.id, { includeInternal: false });
    expect(getAttachmentForViewer(db, settings.dataDir, photo!.id, kim)).not.toBeNull();
    expect(getAttachmentForViewer(db, settings.dataDir, photo!.id, sam)).toBeNull();

    addMessage(db, ticket.id, alex, 'Which cable do you use?', false);
    queueNotificationMails(db, { from: 'IT Desk <desk@example.com>', publicUrl: 'https://help.example.com' });
    const toKim = listMailTo(db, 'kim@example.com').find((m) => m.kind === 'reply')!;
    expect(toKim.text).toContain('> Which cable do you use?');
    expect(listMailTo(db, 'erin@example.com').some((m) => m.kind === 'reply')).toBe(true);

    await send({
      from: 'kim@example.com',
      subject: `Re: ${toKim.subject}`,
      inReplyTo: toKim.messageId,
      references: [toKim.headers.References!],
      text: 'The HDMI one.',
    });
    expect(replies(number!)).toEqual([
      ['Alex', 'Which cable do you use?'],
      ['Kim', 'The HDMI one.'],
    ]);
    const erinHears = db
      .prepare(
        "SELECT count(*) FROM notifications WHERE user_id = (SELECT id FROM users WHERE email = 'erin@example.com') AND kind = 'reply'",
      )
      .pluck()
      .get();
    expect(erinHears).toBe(2); // Alex's reply and Kim's
  });

  it('refuses a reply from someone outside the ticket politely once a day when set to, else opens their own', async () => {
    const refusing = await setup({ strangerReplies: 'refuse' });
    await refusing.send({ from: 'erin@example.com', subject: 'Password expired', text: 'Help.' });
    const [number] = refusing.ticketNumbers();
    for (const text of ['Me too.', 'Me too, again.'])
      await refusing.send({ from: 'sam@example.com', subject: `Re: [T-${number}] Password expired`, text });
    expect(refusing.ticketNumbers()).toEqual([number]);
    expect(refusing.replies(number!)).toEqual([]);
    const refusals = listMailTo(refusing.db, 'sam@example.com');
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.text).toContain(`answers the request T-${number}, which is not yours`);
    expect(
      refusing.db.prepare("SELECT count(*) FROM mail_inbound WHERE outcome = 'refused'").pluck().get(),
    ).toBe(2);

    const opening = await setup();
    await opening.send({ from: 'erin@example.com', subject: 'Password expired', text: 'Help.' });
    const [first] = opening.ticketNumbers();
    await opening.send({
      from: 'sam@example.com',
      subject: `Re: [T-${first}] Password expired`,
      text: 'Me too.',
    });
    expect(opening.ticketNumbers()).toHaveLength(2);
    expect(opening.replies(first!)).toEqual([]);
  });

  it("mails an agent's reply with its attachments, never a note's", async () => {
    const { db, alex, settings, send, ticketNumbers } = await setup();
    await send({ from: 'erin@example.com', subject: 'Driver for the printer', text: 'Where is it?' });
    const ticket = getTicketForViewer(db, ticketNumbers()[0]!, alex)!;
    const store = async (name: string, body: string) => {
      const stored = await storeUploads(settings.dataDir, [new File([body], name, { type: 'text/plain' })]);
      if (!stored.ok) throw new Error(stored.error);
      return stored.files;
    };
    addMessage(
      db,
      ticket.id,
      alex,
      'Internal: vendor portal login.',
      true,
      await store('secret.txt', 'pw\n'),
    );
    addMessage(
      db,
      ticket.id,
      alex,
      'Here is the installer note.',
      false,
      await store('install.txt', 'run setup\n'),
    );
    queueNotificationMails(db, { from: settings.from, publicUrl: settings.publicUrl });

    sink = await startSmtpSink();
    const drain = startMailDrain(db, {
      smtpUrl: sink.url,
      from: settings.from,
      dataDir: settings.dataDir,
      intervalMs: 60_000,
    });
    await drain.runOnce();
    await drain.stop();
    const received = await sink.waitFor(2); // the acknowledgement and the reply
    const reply = received.find((m) => /New reply/.test(m.subject ?? ''))!;
    expect(reply.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['install.txt', 'run setup\n'],
    ]);
    expect(reply.text).not.toContain('vendor portal');
    expect(reply.replyTo?.value[0]?.address).toMatch(/^desk\+.+@example\.com$/);
  });
});
