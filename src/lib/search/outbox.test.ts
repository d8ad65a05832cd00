import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import {
  completeSearchUpdate,
  countPendingSearchUpdates,
  drainSearchOutbox,
  enqueueSearchUpdate,
  pendingSearchUpdates,
} from './outbox.ts';

describe('the search outbox', () => {
  it('keeps one entry per update, and keeps it until the engine confirms', async () => {
    const db = testDatabase();
    enqueueSearchUpdate(db, 'articles');
    enqueueSearchUpdate(db, 'articles');
    enqueueSearchUpdate(db, 'ticket', '7');
    expect(countPendingSearchUpdates(db)).toBe(2);

    // The engine is still away: nothing is lost, the attempt is counted, the order is kept.
    expect(
      await drainSearchOutbox(db, async () => {
        throw new Error('connection refused');
      }),
    ).toBe(0);
    expect(pendingSearchUpdates(db).map((e) => [e.kind, e.ref, e.attempts])).toEqual([
      ['articles', '', 1],
      ['ticket', '7', 0],
    ]);

    const applied: string[] = [];
    expect(
      await drainSearchOutbox(db, async (e) => {
        applied.push(`${e.kind}:${e.ref}`);
      }),
    ).toBe(2);
    expect(applied).toEqual(['articles:', 'ticket:7']);
    expect(countPendingSearchUpdates(db)).toBe(0);
  });

  it('does not drop an update that was queued again while the previous one was being applied', async () => {
    const db = testDatabase();
    const first = enqueueSearchUpdate(db, 'articles');
    await new Promise((r) => setTimeout(r, 5));
    enqueueSearchUpdate(db, 'articles'); // a newer change arrives before the first sync confirmed
    completeSearchUpdate(db, first.id, first.at);
    expect(countPendingSearchUpdates(db)).toBe(1);
  });
});
