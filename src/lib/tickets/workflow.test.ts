import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { type testDatabase } from '#test/db.ts';
import { deskWithPeople } from '#test/desk.ts';
import type { Principal } from '#lib/auth/roles.ts';
import { getSlaTargets, slaState } from './sla.ts';
import { createTicket } from './tickets.ts';
import {
  addMessage,
  assignTicket,
  changeStatus,
  claimTicket,
  closeResolvedTickets,
  getTimeline,
  linkedArticles,
  moveTier,
  STATUSES,
  TRANSITIONS,
  WorkflowError,
  type Status,
} from './workflow.ts';

async function setup() {
  const { db, erin, alex, bo } = await deskWithPeople();
  const ticket = () =>
    createTicket(db, erin.id, { subject: 'VPN down', description: 'x', impact: 'one', urgency: 'high' })
      .ticket;
  return { db, erin, alex, bo, ticket };
}

/** Puts a fresh ticket into a status through allowed steps. */
function reach(db: ReturnType<typeof testDatabase>, id: number, agent: Principal, status: Status): void {
  const path: Record<Status, Status[]> = {
    new: [],
    open: ['open'],
    pending: ['pending'],
    resolved: ['resolved'],
    closed: ['resolved', 'closed'],
  };
  for (const step of path[status]) changeStatus(db, id, agent, step, { note: 'done' });
}

describe('status machine', () => {
  for (const from of STATUSES) {
    for (const to of STATUSES) {
      if (from === to) continue;
      const allowed = TRANSITIONS[from].includes(to);
      it(`${allowed ? 'allows' : 'refuses'} ${from} → ${to}`, async () => {
        const { db, alex, ticket } = await setup();
        const t = ticket();
        reach(db, t.id, alex, from);
        const attempt = () => changeStatus(db, t.id, alex, to, { note: 'resolution text' });
        if (allowed) {
          attempt();
          expect(db.prepare('SELECT status FROM tickets WHERE id = ?').pluck().get(t.id)).toBe(to);
        } else {
          expect(attempt).toThrow(WorkflowError);
          expect(db.prepare('SELECT status FROM tickets WHERE id = ?').pluck().get(t.id)).toBe(from);
        }
      });
    }
  }

  it('requires a resolution note to resolve, and records every change in the timeline', async () => {
    const { db, alex, ticket } = await setup();
    const t = ticket();
    expect(() => changeStatus(db, t.id, alex, 'resolved', { note: '  ' })).toThrow(/resolution note/);
    changeStatus(db, t.id, alex, 'open');
    changeStatus(db, t.id, alex, 'resolved', { note: 'Reinstalled GlobalProtect.' });
    const timeline = getTimeline(db, t.id, { includeInternal: true });
    expect(timeline.map((e) => [e.type, e.from, e.to, e.actorName])).toEqual([
      ['created', null, 'P3', 'Erin'],
      ['status', 'new', 'open', 'Alex'],
      ['status', 'open', 'resolved', 'Alex'],
    ]);
    expect(db.prepare('SELECT resolution FROM tickets WHERE id = ?').pluck().get(t.id)).toBe(
      'Reinstalled GlobalProtect.',
    );
  });

  it('keeps the articles linked when resolving, once each', async () => {
    const { db, alex, ticket } = await setup();
    const t = ticket();
    changeStatus(db, t.id, alex, 'resolved', {
      note: 'See the article.',
      articles: ['vpn-cannot-connect', 'vpn-cannot-connect', 'connect-to-the-vpn'],
    });
    expect(linkedArticles(db, t.id).sort()).toEqual(['connect-to-the-vpn', 'vpn-cannot-connect']);
  });

  it('lets the requester only confirm or reopen (with a reason) a resolved ticket', async () => {
    const { db, erin, alex, ticket } = await setup();
    const t = ticket();
    expect(() => changeStatus(db, t.id, erin, 'open')).toThrow(/Only agents/);
    changeStatus(db, t.id, alex, 'resolved', { note: 'fixed' });
    expect(() => changeStatus(db, t.id, erin, 'open')).toThrow(/still broken/);
    changeStatus(db, t.id, erin, 'open', { note: 'Still fails from home.' });
    changeStatus(db, t.id, alex, 'resolved', { note: 'fixed again' });
    changeStatus(db, t.id, erin, 'closed');
    expect(() => addMessage(db, t.id, erin, 'one more thing', false)).toThrow(/closed/);
  });

  it('refuses a save based on an older version instead of overwriting it', async () => {
    const { db, alex, bo, ticket } = await setup();
    const t = ticket();
    const seen = db.prepare('SELECT version FROM tickets WHERE id = ?').pluck().get(t.id) as number;
    changeStatus(db, t.id, alex, 'open', { expectedVersion: seen });
    expect(() => changeStatus(db, t.id, bo, 'pending', { expectedVersion: seen })).toThrow(
      /changed this ticket in the meantime/,
    );
  });
});

describe('SLA', () => {
  it('sets due times from the priority targets at creation', async () => {
    const { db, ticket } = await setup();
    const t = ticket();
    const row = db
      .prepare(
        'SELECT created_at, first_response_due_at, resolution_due_at, priority FROM tickets WHERE id = ?',
      )
      .get(t.id) as Record<string, string>;
    const target = getSlaTargets(db).get(Number(row.priority))!;
    // The default targets count calendar time (24×7).
    const after = (minutes: number) => new Date(Date.parse(row.created_at!) + minutes * 60_000).toISOString();
    expect({ first: row.first_response_due_at, resolution: row.resolution_due_at }).toEqual({
      first: after(target.firstResponseMinutes),
      resolution: after(target.resolutionMinutes),
    });
  });

  it('pauses while pending: due times move later by the time spent waiting', async () => {
    const { db, alex, ticket } = await setup();
    const t = ticket();
    const before = db.prepare('SELECT resolution_due_at, created_at FROM tickets WHERE id = ?').get(t.id) as {
      resolution_due_at: string;
      created_at: string;
    };
    const start = Date.parse(before.created_at);
    changeStatus(db, t.id, alex, 'pending', { now: new Date(start + 60_000) });
    changeStatus(db, t.id, alex, 'open', { now: new Date(start + 60_000 + 3 * 3_600_000) });
    const after = db.prepare('SELECT resolution_due_at, paused_ms FROM tickets WHERE id = ?').get(t.id) as {
      resolution_due_at: string;
      paused_ms: number;
    };
    expect(after.paused_ms).toBe(3 * 3_600_000);
    expect(Date.parse(after.resolution_due_at) - Date.parse(before.resolution_due_at)).toBe(3 * 3_600_000);
  });

  it('reopens a pending ticket when the requester answers, and restarts the SLA clock', async () => {
    const { db, erin, alex, ticket } = await setup();
    const t = ticket();
    changeStatus(db, t.id, alex, 'pending');
    addMessage(db, t.id, erin, 'Here is the screenshot you asked for.', false);
    const row = db.prepare('SELECT status, pending_since, version FROM tickets WHERE id = ?').get(t.id) as {
      status: string;
      pending_since: string | null;
      version: number;
    };
    expect(row).toMatchObject({ status: 'open', pending_since: null });
    expect(
      getTimeline(db, t.id, { includeInternal: false })
        .slice(-2)
        .map((e) => [e.type, e.from, e.to]),
    ).toEqual([
      ['reply', null, null],
      ['status', 'pending', 'open'],
    ]);
    // An agent's own reply while waiting keeps it pending.
    changeStatus(db, t.id, alex, 'pending');
    addMessage(db, t.id, alex, 'Any news?', false);
    expect(db.prepare('SELECT status FROM tickets WHERE id = ?').pluck().get(t.id)).toBe('pending');
  });

  it('is amber from 75 % of the time, red when breached, paused while pending, met when done in time', () => {
    const ticket = {
      startedAt: '2026-11-10T08:00:00.000Z',
      dueAt: '2026-11-10T12:00:00.000Z',
      doneAt: null,
      pausedSince: null,
    };
    expect(slaState(ticket, new Date('2026-11-10T10:59:00Z'))).toBe('ok');
    expect(slaState(ticket, new Date('2026-11-10T11:00:00Z'))).toBe('warning');
    expect(slaState(ticket, new Date('2026-11-10T12:00:00Z'))).toBe('breached');
    expect(
      slaState({ ...ticket, pausedSince: '2026-11-10T09:00:00Z' }, new Date('2026-11-10T13:00:00Z')),
    ).toBe('paused');
    expect(slaState({ ...ticket, doneAt: '2026-11-10T11:30:00Z' })).toBe('met');
    // Two hours pending moved the due time to 14:00; 75 % of the four working hours is 13:00.
    expect(
      slaState(
        { ...ticket, dueAt: '2026-11-10T14:00:00.000Z', pausedMs: 2 * 3_600_000 },
        new Date('2026-11-10T12:59:00Z'),
      ),
    ).toBe('ok');
    expect(
      slaState(
        { ...ticket, dueAt: '2026-11-10T14:00:00.000Z', pausedMs: 2 * 3_600_000 },
        new Date('2026-11-10T13:00:00Z'),
      ),
    ).toBe('warning');
  });

  it('counts the first public agent reply as the first response, not internal notes', async () => {
    const { db, alex, ticket } = await setup();
    const t = ticket();
    addMessage(db, t.id, alex, 'Checking the gateway logs.', true);
    expect(db.prepare('SELECT first_responded_at FROM tickets WHERE id = ?').pluck().get(t.id)).toBeNull();
    addMessage(db, t.id, alex, 'Hi Erin, can you try again now?', false);
    expect(
      db.prepare('SELECT first_responded_at FROM tickets WHERE id = ?').pluck().get(t.id),
    ).not.toBeNull();
  });
});

describe('claims, tiers and messages', () => {
  it('gives a claimed ticket to one agent and tells the next who has it', async () => {
    const { db, alex, bo, ticket } = await setup();
    const t = ticket();
    expect(claimTicket(db, t.id, alex)).toEqual({ ok: true });
    expect(claimTicket(db, t.id, bo)).toEqual({ ok: false, holderId: alex.id });
    expect(db.prepare('SELECT status FROM tickets WHERE id = ?').pluck().get(t.id)).toBe('open');
  });

  it('decides a real race between two connections: exactly one claim wins, the other is told who', async () => {
    const { db, alex, bo, ticket } = await setup();
    const t = ticket();
    const flag = new SharedArrayBuffer(4);
    const worker = new URL('../../../tests/support/claim-worker.ts', import.meta.url);
    const claims = [alex, bo].map(
      (agent) =>
        new Promise<{ ok: boolean; holderId?: number }>((resolve, reject) => {
          const w = new Worker(worker, {
            workerData: { file: db.name, agent: { id: agent.id }, ticket: t.id, flag },
          });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    );
    await new Promise((r) => setTimeout(r, 300)); // both threads are waiting on the flag
    Atomics.store(new Int32Array(flag), 0, 1);
    Atomics.notify(new Int32Array(flag), 0);
    const results = await Promise.all(claims);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const winner = db.prepare('SELECT assignee_id FROM tickets WHERE id = ?').pluck().get(t.id);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, holderId: winner });
    expect(
      db
        .prepare("SELECT count(*) FROM ticket_events WHERE ticket_id = ? AND type = 'claimed'")
        .pluck()
        .get(t.id),
    ).toBe(1);
  });

  it('escalates with a reason, one tier at a time, and sends back', async () => {
    const { db, alex, ticket } = await setup();
    const t = ticket();
    claimTicket(db, t.id, alex);
    expect(() => moveTier(db, t.id, alex, 'up', ' ')).toThrow(/why/);
    moveTier(db, t.id, alex, 'up', 'Needs network team access');
    moveTier(db, t.id, alex, 'up', 'Vendor case');
    expect(() => moveTier(db, t.id, alex, 'up', 'more')).toThrow(/last tier/);
    moveTier(db, t.id, alex, 'down', 'Workaround found');
    expect(db.prepare('SELECT tier, assignee_id FROM tickets WHERE id = ?').get(t.id)).toEqual({
      tier: 2,
      assignee_id: null,
    });
  });

  it('keeps internal notes and tier moves from the requester', async () => {
    const { db, erin, alex, ticket } = await setup();
    const t = ticket();
    addMessage(db, t.id, alex, 'Internal: user on old client', true);
    addMessage(db, t.id, alex, 'Please update GlobalProtect', false);
    moveTier(db, t.id, alex, 'up', 'Needs tier 2');
    expect(() => addMessage(db, t.id, erin, 'secret', true)).toThrow(/Only agents/);
    addMessage(db, t.id, erin, 'Updated, still failing', false);
    const visible = getTimeline(db, t.id, { includeInternal: false }).map((e) => e.body);
    expect(visible).toEqual([null, 'Please update GlobalProtect', 'Updated, still failing']);
  });
});

describe('auto-close and assignment', () => {
  it('closes tickets resolved more than N days ago, once, with a timeline entry; running twice changes nothing', async () => {
    const { db, alex, ticket } = await setup();
    const old = ticket();
    const recent = ticket();
    const t0 = Date.parse('2026-11-01T10:00:00.000Z');
    changeStatus(db, old.id, alex, 'resolved', { note: 'fixed', now: new Date(t0) });
    changeStatus(db, recent.id, alex, 'resolved', { note: 'fixed', now: new Date(t0 + 4 * 86_400_000) });
    const now = new Date(t0 + 5 * 86_400_000 + 1000);
    expect(closeResolvedTickets(db, 5, now)).toBe(1);
    expect(closeResolvedTickets(db, 5, now)).toBe(0);
    expect(db.prepare('SELECT id, status FROM tickets ORDER BY id').all()).toEqual([
      { id: old.id, status: 'closed' },
      { id: recent.id, status: 'resolved' },
    ]);
    expect(getTimeline(db, old.id, { includeInternal: false }).at(-1)).toMatchObject({
      type: 'status',
      from: 'resolved',
      to: 'closed',
      actorId: null,
    });
  });

  it('assigns to active agents only', async () => {
    const { db, erin, alex, bo, ticket } = await setup();
    const t = ticket();
    expect(() => assignTicket(db, t.id, alex, erin.id)).toThrow(/active agent/);
    assignTicket(db, t.id, alex, bo.id);
    expect(db.prepare('SELECT assignee_id, status FROM tickets WHERE id = ?').get(t.id)).toEqual({
      assignee_id: bo.id,
      status: 'open',
    });
    expect(() => assignTicket(db, t.id, erin, alex.id)).toThrow(/Only agents/);
  });
});
