import { describe, expect, it } from 'vitest';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { translate } from '#lib/i18n/translate.ts';
import { listNotifications } from '#lib/notifications/notifications.ts';
import { queueHealth } from '#lib/reports/metrics.ts';
import { parseRange, weeksOf } from '#lib/reports/range.ts';
import { deskWithPeople } from '#test/desk.ts';
import { checkMerge, listMergedInto, mergeTicket } from './merge.ts';
import { linkTickets, listLinkedTickets, unlinkTickets } from './links.ts';
import { createTicket, getTicketForViewer, listRequesterTickets } from './tickets.ts';
import { addMessage, changeStatus, getTimeline, WorkflowError } from './workflow.ts';

async function twoRequesters() {
  const people = await deskWithPeople();
  const fay = toPrincipal(
    await createUser(people.db, {
      email: 'fay@example.com',
      displayName: 'Fay',
      roles: ['employee'],
      password: 'quiet river stones 9',
    }),
  );
  const file = (who: { id: number }, subject: string) =>
    createTicket(people.db, who.id, { subject, description: `${subject}, since this morning.` }).ticket;
  return { ...people, fay, file };
}

/** The English sentence of a refusal, to compare with what a person reads. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof WorkflowError) return translate('en', error.localized.key, error.localized.values);
    throw error;
  }
  throw new Error('not refused');
}

describe('merging a duplicate', () => {
  it('closes the duplicate with merged_into, says so on both timelines and tells its requester', async () => {
    const { db, erin, fay, alex, file } = await twoRequesters();
    const survivor = file(erin, 'Printer on floor 3 jams');
    const duplicate = file(fay, 'Printer 3rd floor jammed');
    expect(mergeTicket(db, duplicate.number, survivor.number, alex)).toEqual({
      survivorNumber: survivor.number,
    });
    const row = db
      .prepare('SELECT status, merged_into, resolved_at, resolution FROM tickets WHERE id = ?')
      .get(duplicate.id);
    expect(row).toEqual({ status: 'closed', merged_into: survivor.id, resolved_at: null, resolution: null });
    const dupEvents = getTimeline(db, duplicate.id, { includeInternal: false }).map((e) => [e.type, e.to]);
    expect(dupEvents).toContainEqual(['merged', `T-${survivor.number}`]);
    const survivorEvents = getTimeline(db, survivor.id, { includeInternal: true });
    expect(survivorEvents.find((e) => e.type === 'merged_from')?.from).toBe(`T-${duplicate.number}`);
    // The duplicate's words stay with the agents, on the survivor.
    expect(survivorEvents.find((e) => e.type === 'note')?.body).toContain('Printer 3rd floor jammed');
    expect(listNotifications(db, fay.id).map((n) => [n.kind, n.ticketNumber])).toEqual([
      ['merged', duplicate.number],
    ]);
    expect(listMergedInto(db, survivor.id)).toEqual([
      { id: duplicate.id, number: duplicate.number, subject: duplicate.subject },
    ]);
  });

  it('leads the duplicate to the survivor for agents and its requester, who can read and answer it', async () => {
    const { db, erin, fay, alex, file } = await twoRequesters();
    const survivor = file(erin, 'VPN drops every hour');
    const duplicate = file(fay, 'VPN keeps disconnecting');
    mergeTicket(db, duplicate.number, survivor.number, alex);
    expect(getTicketForViewer(db, duplicate.number, alex)?.number).toBe(survivor.number);
    expect(getTicketForViewer(db, duplicate.number, fay)?.number).toBe(survivor.number);
    // Fay answers on the ticket she was moved to; the desk hears it, Erin's own ticket keeps its requester.
    addMessage(db, survivor.id, fay, 'Same here, on the office Wi-Fi too', false);
    expect(getTimeline(db, survivor.id, { includeInternal: false }).at(-1)).toMatchObject({
      type: 'reply',
      actorName: 'Fay',
    });
    // The desk's reply reaches both requesters.
    addMessage(db, survivor.id, alex, 'A fix is rolling out', false);
    expect(listNotifications(db, fay.id).map((n) => [n.kind, n.url])).toContainEqual([
      'reply',
      `/requests/${survivor.number}`,
    ]);
    expect(listNotifications(db, erin.id).map((n) => n.kind)).toContain('reply');
    // Someone else still cannot read it.
    const stranger = toPrincipal(
      await createUser(db, {
        email: 'gus@example.com',
        displayName: 'Gus',
        roles: ['employee'],
        password: 'quiet river stones 9',
      }),
    );
    expect(getTicketForViewer(db, survivor.number, stranger)).toBeNull();
    expect(listRequesterTickets(db, fay.id)[0]?.mergedInto).toBe(survivor.number);
  });

  it('follows a chain of merges to the end', async () => {
    const { db, erin, fay, alex, file } = await twoRequesters();
    const a = file(erin, 'Teams calls drop');
    const b = file(fay, 'Teams audio cuts out');
    const c = file(erin, 'Teams unusable since update');
    mergeTicket(db, a.number, b.number, alex);
    mergeTicket(db, b.number, c.number, alex);
    expect(getTicketForViewer(db, a.number, alex)?.number).toBe(c.number);
    // Fay followed b; when b was merged into c she follows c too, so a and b both lead her there.
    expect(getTicketForViewer(db, b.number, fay)?.number).toBe(c.number);
    expect(getTicketForViewer(db, a.number, erin)?.number).toBe(c.number);
  });

  it('refuses itself, a merged ticket either way, a circle, finished tickets and non-agents, each with its reason', async () => {
    const { db, erin, fay, alex, file } = await twoRequesters();
    const a = file(erin, 'Outlook asks for the password');
    const b = file(fay, 'Outlook password prompt loops');
    const c = file(erin, 'Outlook prompt again');
    expect(refusal(() => mergeTicket(db, a.number, a.number, alex))).toBe(
      `T-${a.number} cannot be merged into itself.`,
    );
    expect(refusal(() => mergeTicket(db, a.number, 99_999, alex))).toBe('There is no ticket T-99999.');
    expect(refusal(() => mergeTicket(db, a.number, b.number, erin))).toMatch(/agents/i);
    mergeTicket(db, a.number, b.number, alex);
    // a → b; b → a would close the circle: a is merged, so it cannot be the one kept.
    expect(refusal(() => mergeTicket(db, b.number, a.number, alex))).toBe(
      `T-${a.number} was itself merged into T-${b.number}: merge into T-${b.number} instead.`,
    );
    expect(refusal(() => mergeTicket(db, a.number, c.number, alex))).toBe(
      `T-${a.number} was already merged into T-${b.number}.`,
    );
    expect(checkMerge(db, c.number, a.number)?.key).toBe('desk.mergeIntoMerged');
    changeStatus(db, c.id, alex, 'resolved', { note: 'Reset the profile' });
    expect(refusal(() => mergeTicket(db, c.number, b.number, alex))).toBe(
      `T-${c.number} is already resolved or closed: only open tickets are merged.`,
    );
    changeStatus(db, c.id, erin, 'closed');
    const d = file(fay, 'Outlook prompt on the laptop');
    expect(refusal(() => mergeTicket(db, d.number, c.number, alex))).toBe(
      `T-${c.number} is closed: reopen it or choose another ticket to keep.`,
    );
    // Nothing of a refused merge was written.
    expect(getTicketForViewer(db, d.number, alex)?.number).toBe(d.number);
  });

  it('is not counted as resolved by the desk in the reports', async () => {
    const { db, erin, fay, alex, file } = await twoRequesters();
    const survivor = file(erin, 'Wi-Fi slow in room 4');
    const duplicate = file(fay, 'Wi-Fi slow meeting room');
    mergeTicket(db, duplicate.number, survivor.number, alex);
    changeStatus(db, survivor.id, alex, 'resolved', { note: 'Replaced the access point' });
    const range = parseRange(new URLSearchParams('range=7&tz=UTC'), new Date(Date.now() + 86_400_000));
    const health = queueHealth(db, range, weeksOf(range));
    expect(health.created).toBe(2);
    // One resolution (the survivor's); the duplicate left the backlog without being resolved.
    expect([health.resolved, health.resolutions, health.backlog]).toEqual([1, 1, 0]);
  });
});

describe('linking related tickets', () => {
  it('links both ways, shows on both, refuses repeats and itself, and can be removed', async () => {
    const { db, erin, fay, alex, file } = await twoRequesters();
    const a = file(erin, 'Badge reader door 2');
    const b = file(fay, 'Door 2 stays locked');
    linkTickets(db, a.id, b.number, alex);
    expect(listLinkedTickets(db, a.id).map((l) => l.number)).toEqual([b.number]);
    expect(listLinkedTickets(db, b.id).map((l) => l.number)).toEqual([a.number]);
    expect(refusal(() => linkTickets(db, b.id, a.number, alex))).toBe(
      `The ticket is already linked to T-${a.number}.`,
    );
    expect(refusal(() => linkTickets(db, a.id, a.number, alex))).toBe('A ticket cannot be linked to itself.');
    expect(getTimeline(db, b.id, { includeInternal: true }).map((e) => e.type)).toContain('linked');
    expect(refusal(() => linkTickets(db, a.id, 99_999, alex))).toBe('There is no ticket T-99999.');
    const c = file(erin, 'Door 2 badge again');
    mergeTicket(db, c.number, b.number, alex);
    expect(refusal(() => linkTickets(db, a.id, c.number, alex))).toBe(
      `T-${c.number} was merged into T-${b.number}: link T-${b.number} instead.`,
    );
    unlinkTickets(db, b.id, a.number, alex);
    expect(listLinkedTickets(db, a.id)).toEqual([]);
    expect(refusal(() => unlinkTickets(db, a.id, b.number, alex))).toBe(
      `The ticket is not linked to T-${b.number}.`,
    );
  });
});
