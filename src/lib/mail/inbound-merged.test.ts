import nodemailer from 'nodemailer';
import { afterEach, describe, expect, it } from 'vitest';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { mergeTicket } from '#lib/tickets/merge.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { getTimeline } from '#lib/tickets/workflow.ts';
import { deskWithPeople } from '#test/desk.ts';
import { tempDir } from '#test/temp.ts';
import { receiveMail, type InboundOutcome, type InboundSettings } from './inbound.ts';
import { startInboundSmtp, type InboundSmtp } from './smtp-listener.ts';

let listener: InboundSmtp | undefined;
afterEach(async () => {
  await listener?.stop();
  listener = undefined;
});

/** Erin's ticket merged into Fay's; mail reaches the real inbound path through a real SMTP listener. */
async function mergedDesk() {
  const people = await deskWithPeople();
  const { db, erin, alex } = people;
  const fay = toPrincipal(
    await createUser(db, {
      email: 'fay@example.com',
      displayName: 'Fay',
      roles: ['employee'],
      password: 'quiet river stones 9',
    }),
  );
  const survivor = createTicket(db, fay.id, { subject: 'VPN drops', description: 'Every hour.' }).ticket;
  const duplicate = createTicket(db, erin.id, { subject: 'VPN down', description: 'Since 9.' }).ticket;
  mergeTicket(db, duplicate.number, survivor.number, alex);
  const settings: InboundSettings = {
    from: 'IT Desk <desk@example.com>',
    publicUrl: 'https://help.example.com',
    dataDir: tempDir(),
    allowedDomains: [],
    perSenderPerHour: 30,
    maxBytes: 1024 * 1024,
  };
  const outcomes: InboundOutcome[] = [];
  listener = await startInboundSmtp({
    host: '127.0.0.1',
    port: 0,
    maxBytes: settings.maxBytes,
    handle: async (raw) => {
      const outcome = await receiveMail(db, raw, settings);
      outcomes.push(outcome);
      return outcome;
    },
  });
  const relay = nodemailer.createTransport({
    host: '127.0.0.1',
    port: listener.port,
    secure: false,
    ignoreTLS: true,
  });
  return { ...people, fay, survivor, duplicate, relay, outcomes };
}

const repliesOn = (db: Awaited<ReturnType<typeof mergedDesk>>['db'], ticketId: number) =>
  getTimeline(db, ticketId, { includeInternal: false })
    .filter((e) => e.type === 'reply')
    .map((e) => [e.actorName, e.body]);

describe('mail to a merged ticket', () => {
  it('lands on the survivor when the subject names the merged ticket', async () => {
    const { db, relay, survivor, duplicate, outcomes } = await mergedDesk();
    await relay.sendMail({
      from: 'Erin <erin@example.com>',
      to: 'desk@example.com',
      subject: `Re: [T-${duplicate.number}] VPN down`,
      text: 'Still down after the restart.',
      messageId: '<erin-1@mail.example.com>',
    });
    expect(outcomes).toEqual([{ outcome: 'reply', ticketNumber: survivor.number }]);
    expect(repliesOn(db, survivor.id)).toEqual([['Erin', 'Still down after the restart.']]);
    expect(repliesOn(db, duplicate.id)).toEqual([]);
  });

  it('lands on the survivor when the thread headers name the merged ticket', async () => {
    const { db, relay, survivor, duplicate, outcomes } = await mergedDesk();
    await relay.sendMail({
      from: 'Erin <erin@example.com>',
      to: 'desk@example.com',
      subject: 'Re: VPN down',
      text: 'Any news?',
      messageId: '<erin-2@mail.example.com>',
      inReplyTo: `<ticket-${duplicate.number}@example.com>`,
      references: [`<ticket-${duplicate.number}@example.com>`],
    });
    expect(outcomes).toEqual([{ outcome: 'reply', ticketNumber: survivor.number }]);
    expect(repliesOn(db, survivor.id)).toEqual([['Erin', 'Any news?']]);
  });
});
