import { describe, expect, it } from 'vitest';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { translate } from '#lib/i18n/translate.ts';
import { deskWithPeople } from '#test/desk.ts';
import { applyBulkAction, BulkActionSchema, urgencyFor, type BulkAction } from './bulk.ts';
import { mergeTicket } from './merge.ts';
import { createTicket, getTicketForViewer } from './tickets.ts';
import { changeStatus, getTimeline, moveTier } from './workflow.ts';

async function queueOfFour() {
  const people = await deskWithPeople();
  const { db, erin } = people;
  const file = (subject: string, impact = 'one', urgency = 'medium') =>
    createTicket(db, erin.id, { subject, description: 'Since this morning.', impact, urgency }).ticket;
  return { ...people, file };
}

const run = (
  db: Parameters<typeof applyBulkAction>[0],
  actor: Parameters<typeof applyBulkAction>[1],
  numbers: number[],
  action: BulkAction,
) => {
  const result = applyBulkAction(
    db,
    actor,
    numbers.map((number) => ({ number })),
    action,
  );
  return {
    changed: result.changed,
    refused: result.refused.map((r) => [r.number, translate('en', r.reason.key, r.reason.values)]),
  };
};

describe('bulk actions in the queue', () => {
  it('sets a priority through impact × urgency, refusing the ticket whose impact cannot reach it', async () => {
    const { db, alex, file } = await queueOfFour();
    const a = file('Printer jam', 'several', 'low'); // P4
    const b = file('Scanner offline', 'department', 'low'); // P3
    const c = file('Mouse broken', 'one', 'low'); // P4: "one person" never reaches P2
    expect(run(db, alex, [a.number, b.number, c.number], { kind: 'priority', priority: 2 })).toEqual({
      changed: [a.number, b.number],
      refused: [
        [c.number, 'Its impact does not allow P2 with any urgency: change the impact on the ticket first.'],
      ],
    });
    expect(getTicketForViewer(db, a.number, alex)).toMatchObject({ priority: 2, urgency: 'high' });
    expect(getTicketForViewer(db, b.number, alex)).toMatchObject({ priority: 2, urgency: 'medium' });
    // Each changed ticket says so on its own timeline; the refused one is untouched.
    for (const t of [a, b])
      expect(getTimeline(db, t.id, { includeInternal: true }).map((e) => e.type)).toContain('priority');
    expect(getTicketForViewer(db, c.number, alex)).toMatchObject({ priority: 4, version: c.version });
    expect(run(db, alex, [a.number], { kind: 'priority', priority: 2 }).refused).toEqual([
      [a.number, 'It is already P2.'],
    ]);
    run(db, alex, [a.number], { kind: 'category', category: 'network' });
    expect(run(db, alex, [a.number], { kind: 'category', category: 'network' }).refused).toEqual([
      [a.number, 'It is already in that category.'],
    ]);
    expect(urgencyFor('department', 'low', 2)).toBe('medium');
    expect(urgencyFor('one', 'low', 1)).toBeNull();
  });

  it('assigns, refusing a ticket above the assignee’s tier and one already theirs', async () => {
    const { db, alex, bo, file } = await queueOfFour();
    const a = file('VPN drops');
    const b = file('Laptop dead');
    const c = file('Teams crash');
    moveTier(db, b.id, bo, 'up', 'Hardware swap');
    run(db, alex, [c.number], { kind: 'assign', assigneeId: alex.id });
    const result = run(db, alex, [a.number, b.number, c.number], { kind: 'assign', assigneeId: alex.id });
    expect(result.changed).toEqual([a.number]);
    expect(result.refused).toEqual([
      [b.number, expect.stringMatching(/tier 2/i)],
      [c.number, 'It is already assigned to Alex.'],
    ]);
  });

  it('moves status by the status machine, one refusal not undoing the others', async () => {
    const { db, alex, erin, file } = await queueOfFour();
    const a = file('Outlook slow');
    const b = file('Outlook crash');
    changeStatus(db, b.id, alex, 'resolved', { note: 'Repaired Office' });
    changeStatus(db, b.id, erin, 'closed');
    const result = run(db, alex, [a.number, b.number], { kind: 'status', to: 'pending', note: '' });
    expect(result.changed).toEqual([a.number]);
    expect(result.refused).toEqual([[b.number, expect.stringMatching(/closed/i)]]);
    expect(getTicketForViewer(db, a.number, alex)?.status).toBe('pending');
  });

  it('escalates with a reason, refuses the last tier, a merged ticket, an unknown one, a stale version and a non-agent', async () => {
    const { db, alex, bo, erin, file } = await queueOfFour();
    const a = file('Disk full');
    const b = file('Server room warm');
    const c = file('Disk full again');
    moveTier(db, b.id, alex, 'up', 'Facilities');
    moveTier(db, b.id, alex, 'up', 'Vendor');
    mergeTicket(db, c.number, a.number, alex);
    const result = run(db, bo, [a.number, b.number, c.number, 987_654], {
      kind: 'escalate',
      reason: 'Needs storage team',
    });
    expect(result.changed).toEqual([a.number]);
    expect(result.refused).toEqual([
      [b.number, expect.stringMatching(/last tier|highest/i)],
      [c.number, `It was merged into T-${a.number}.`],
      [987_654, expect.stringMatching(/no such ticket|not found|no ticket/i)],
    ]);
    const stale = applyBulkAction(db, bo, [{ number: a.number, version: 1 }], {
      kind: 'category',
      category: 'network',
    });
    expect(stale.changed).toEqual([]);
    expect(stale.refused[0]?.reason.key).toBe('tickets.conflict');
    expect(() => run(db, erin, [a.number], { kind: 'category', category: null })).toThrow();
    expect(BulkActionSchema.safeParse({ kind: 'escalate', reason: '  ' }).error?.issues[0]?.message).toBe(
      'desk.bulkReasonRequired',
    );
  });

  it('lets a tier-2 agent take a tier-2 ticket in bulk', async () => {
    const { db, alex, file } = await queueOfFour();
    const cai = toPrincipal(
      await createUser(db, {
        email: 'cai@example.com',
        displayName: 'Cai',
        roles: ['agent'],
        agentTier: 2,
        password: 'quiet river stones 9',
      }),
    );
    const a = file('Firewall rule');
    moveTier(db, a.id, alex, 'up', 'Network team');
    expect(run(db, cai, [a.number], { kind: 'assign', assigneeId: cai.id }).changed).toEqual([a.number]);
  });
});
