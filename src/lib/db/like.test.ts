import { describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { containsPattern, LIKE_ESCAPE } from './like.ts';

describe('containsPattern', () => {
  it('finds typed text anywhere, its % _ and \\ taken literally', () => {
    const db = testDatabase();
    const matches = (value: string, typed: string) =>
      db.prepare(`SELECT ? LIKE ? ${LIKE_ESCAPE}`).pluck().get(value, containsPattern(typed)) === 1;
    expect(matches('Erin Example', 'rin ex')).toBe(true); // anywhere, case-insensitive (ASCII)
    expect(matches('erin_o@example.com', 'n_o')).toBe(true);
    expect(matches('erinxo@example.com', 'n_o')).toBe(false); // _ is not "any character"
    expect(matches('100% sure', '0%')).toBe(true);
    expect(matches('1000 sure', '0%')).toBe(false); // % is not "anything"
    expect(matches('C:\\Users', ':\\U')).toBe(true);
    expect(matches('C:Users', ':\\U')).toBe(false);
  });
});
