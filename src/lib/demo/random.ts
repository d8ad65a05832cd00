/** A seeded source of numbers in [0, 1): the same seed always gives the same history. */
export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for test data. */
export function seededRandom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
export const chance = (rng: Rng, p: number): boolean => rng() < p;
export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

/** One of the choices, each as likely as its weight. */
export function weighted<T>(rng: Rng, choices: ReadonlyArray<readonly [T, number]>): T {
  let total = 0;
  for (const [, w] of choices) total += w;
  let r = rng() * total;
  for (const [value, w] of choices) {
    r -= w;
    if (r < 0) return value;
  }
  return choices[choices.length - 1]![0];
}
