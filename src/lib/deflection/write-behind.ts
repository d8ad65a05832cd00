import { isStorageError } from '#lib/db/storage-errors.ts';
import { getLogger } from '#lib/config/log.ts';

/**
 * The state of a batched writer (suggestion events, article views): counted in memory, written on a
 * timer. When the database refuses a batch because of the disk (full, read-only) or a long lock, the
 * batch stays in memory and is tried again later, with growing pauses; nothing is thrown from the
 * timer, so a full disk never kills the process that serves reads. The backlog is bounded: beyond its
 * limit the oldest entries are dropped and counted.
 */
export type WriteBehind = {
  timer: NodeJS.Timeout | null;
  /** Failed attempts in a row (0: the last write worked). */
  failures: number;
  /** Entries dropped since the process started: the backlog was full, or the database refused them for good. */
  dropped: number;
  /** Of those, dropped since the last successful write (said once the writes work again). */
  droppedInStreak: number;
};

export const newWriteBehind = (): WriteBehind => ({
  timer: null,
  failures: 0,
  dropped: 0,
  droppedInStreak: 0,
});

/** A refusal that goes away on its own (space freed, the lock released): worth keeping the batch for. */
export function isPassingRefusal(error: unknown): boolean {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  return isStorageError(error) || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** Pause before the next attempt after `failures` failed ones: 250 ms, doubling, at most 5 s. */
export const retryDelayMs = (failures: number): number =>
  Math.min(5000, 250 * 2 ** Math.max(0, failures - 1));

/**
 * Notes a refused batch of `count` entries; returns whether to keep it for another attempt. Says so
 * once per run of failures (not on every tick), and always when entries are lost.
 */
export function noteRefusedBatch(state: WriteBehind, what: string, count: number, error: unknown): boolean {
  const keep = isPassingRefusal(error);
  if (!keep) dropEntries(state, count);
  if (state.failures === 0 || !keep)
    getLogger().warn(
      `Could not write ${count} ${what} (${(error as Error).message}); ${keep ? 'kept in memory and tried again until the database takes them' : 'dropped'}.`,
    );
  state.failures++;
  return keep;
}

/** Notes a written batch: says so when it ends a run of failures, with what was lost meanwhile. */
export function noteWrittenBatch(state: WriteBehind, what: string): void {
  if (state.failures === 0) return;
  const lost = state.droppedInStreak > 0 ? `; ${state.droppedInStreak} were dropped meanwhile` : '';
  getLogger().warn(`Writing ${what} works again after ${state.failures} failed attempt(s)${lost}.`);
  state.failures = 0;
  state.droppedInStreak = 0;
}

/** Drops `count` entries the backlog has no room for (the oldest); says so once per run of failures. */
export function dropEntries(state: WriteBehind, count: number, what?: string): void {
  if (count <= 0) return;
  if (what && state.droppedInStreak === 0)
    getLogger().warn(
      `The backlog of ${what} is full: dropping the oldest until the database takes writes again.`,
    );
  state.dropped += count;
  state.droppedInStreak += count;
}
