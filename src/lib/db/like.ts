/** The escape character `containsPattern` uses: write `LIKE ? ESCAPE '\'` beside it. */
export const LIKE_ESCAPE = "ESCAPE '\\'";

/**
 * A LIKE pattern that finds `text` anywhere in a value, its own `%`, `_` and `\` taken literally (what
 * a person types into a filter box is never a pattern). Use it with `LIKE ? ESCAPE '\'` (LIKE_ESCAPE).
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
