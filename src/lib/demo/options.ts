import { DemoHistoryError } from './errors.ts';

/** How much history to plan, and from which seed; `now` is the end of the period. */
export type PlanOptions = { days: number; requests: number; tickets: number; seed: number; now: Date };

/** The options as callers give them: 40 requests and 4 tickets a day, seed 1 and the current time by default. */
export type PlanOptionsInput = {
  days: number;
  requests?: number;
  tickets?: number;
  seed?: number;
  now?: Date;
};

const wholeNumber = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;

/** Fills in the defaults and refuses values that make no sense, naming the option. */
export function resolvePlanOptions(input: PlanOptionsInput): PlanOptions {
  const { days } = input;
  if (!wholeNumber(days, 1, 3650))
    throw new DemoHistoryError(`days must be a whole number from 1 to 3650 (got ${days}).`);
  const requests = input.requests ?? 40 * days;
  const tickets = input.tickets ?? 4 * days;
  if (!wholeNumber(requests, 0, 5_000_000))
    throw new DemoHistoryError(`requests must be a whole number from 0 to 5,000,000 (got ${requests}).`);
  if (!wholeNumber(tickets, 0, 1_000_000))
    throw new DemoHistoryError(`tickets must be a whole number from 0 to 1,000,000 (got ${tickets}).`);
  const seed = input.seed ?? 1;
  if (!Number.isInteger(seed)) throw new DemoHistoryError(`seed must be a whole number (got ${seed}).`);
  const now = input.now ?? new Date();
  if (!Number.isFinite(now.getTime())) throw new DemoHistoryError('`now` is not a valid date.');
  return { days, requests, tickets, seed, now };
}
