/**
 * The message catalogue: one file per area of the product, each with English, German and Italian side
 * by side. Add an area here; a key is `<area>.<name>` (`common.signIn`).
 */
import common from './common.ts';
import labels from './labels.ts';
import translations from './translations.ts';

export const CATALOGUE = { common, labels, translations } as const;

type Areas = typeof CATALOGUE;
export type MessageKey = {
  [A in keyof Areas & string]: `${A}.${keyof Areas[A]['en'] & string}`;
}[keyof Areas & string];
