import { describe, expect, it } from 'vitest';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { listNotifications } from '#lib/notifications/notifications.ts';
import { deskWithPeople } from '#test/desk.ts';
import { listQueue, QueueFilters } from './queue.ts';
import { createTicket } from './tickets.ts';
import {
  addMessage,
  assignTicket,
  changeStatus,
  claimTicket,
  getTimeline,
  listFollowers,
  moveTier,
} from './workflow.ts';

async function escalatedDesk() {
  const { db, erin, alex, bo } = await deskWithPeople();
  const make = async (name: string, tier: number) =>
    toPrincipal(
      await createUser(db, {
        email: `${name.toLowerCase()}@example.com`,
        displayName: name,
        roles: ['agent'],
        agentTier: tier,
        password: 'quiet river stones 9',
      }),
    );
  const cai = await make('Cai', 2);
  const dee = await make('Dee', 2);
  const { ticket } = createTicket(db, erin.id, {
    subject: 'Laptop will not boot',
    description: 'Black screen.',
  });
  expect(claimTicket(db, ticket.id, alex)).toEqual({ ok: true });
  moveTier(db, ticket.id, alex, 'up', 'Needs a hardware swap');
  return { db, erin, alex, bo, cai, dee, ticket };
}

const mine = QueueFilters.parse({ view: 'mine' });
const unread = (db: Parameters<typeof listNotifications>[0], userId: number) =>
  listNotifications(db, userId)
    .filter((n) => !n.read)
    .map((n) => n.kind);

describe('tiers that hold', () => {
  it("keeps an escalated ticket in the previous agent's sight as a follower, and says so in the timeline", async () => {
    const { db, alex, ticket } = await escalatedDesk();
    expect(listFollowers(db, ticket.id)).toEqual([{ id: alex.id, name: 'Alex' }]);
    expect(listQueue(db, alex, mine).rows.map((r) => r.number)).toEqual([ticket.number]);
    const events = getTimeline(db, ticket.id, { includeInternal: true }).slice(-2);
    expect(events.map((e) => [e.type, e.from, e.to, e.body])).toEqual([
      ['escalated', '1', '2', 'Needs a hardware swap'],
      ['follower', null, 'Alex', null],
    ]);
    // The requester never sees the internal moves.
    const publicTypes = getTimeline(db, ticket.id, { includeInternal: false }).map((e) => e.type);
    expect(publicTypes).not.toContain('escalated');
    expect(publicTypes).not.toContain('follower');
  });

  it('lets tier 1 read a tier 2 ticket but not claim it or be assigned it', async () => {
    const { db, bo, cai, ticket } = await escalatedDesk();
    expect(() => claimTicket(db, ticket.id, bo)).toThrow(/tier 2 queue. You are tier 1/);
    expect(() => assignTicket(db, ticket.id, cai, bo.id)).toThrow(/Bo is tier 1/);
    addMessage(db, ticket.id, bo, 'Saw the same model fail last week.', true);
    expect(claimTicket(db, ticket.id, cai)).toEqual({ ok: true });
  });

  it("sends the requester's answer to the tier queue while nobody has it, then to the assignee; followers always hear", async () => {
    const { db, erin, alex, bo, cai, dee, ticket } = await escalatedDesk();
    addMessage(db, ticket.id, erin, 'It beeps three times now.', false);
    expect(unread(db, cai.id)).toEqual(['requester_reply']);
    expect(unread(db, dee.id)).toEqual(['requester_reply']);
    expect(unread(db, alex.id)).toEqual(['requester_reply']);
    expect(unread(db, bo.id)).toEqual([]); // tier 1, not following

    claimTicket(db, ticket.id, cai);
    changeStatus(db, ticket.id, cai, 'pending');
    addMessage(db, ticket.id, erin, 'Photo attached in the next message.', false);
    expect(unread(db, cai.id)).toEqual(['requester_reply', 'requester_reply']);
    expect(unread(db, dee.id)).toEqual(['requester_reply']);
    expect(unread(db, alex.id)).toEqual(['requester_reply', 'requester_reply']);
  });
});
