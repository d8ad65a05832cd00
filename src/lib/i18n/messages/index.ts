/**
 * The message catalogue: one file per area of the product, each with English, German and Italian side
 * by side. Add an area here; a key is `<area>.<name>` (`common.signIn`).
 */
import account from './account.ts';
import auth from './auth.ts';
import common from './common.ts';
import labels from './labels.ts';
import mail from './mail.ts';
import agent from './agent.ts';
import tickets from './tickets.ts';
import incidents from './incidents.ts';
import sla from './sla.ts';

export const CATALOGUE = { common, labels, auth, account, mail, agent, tickets, incidents, sla } as const;

type Areas = typeof CATALOGUE;
export type MessageKey = {
  [A in keyof Areas & string]: `${A}.${keyof Areas[A]['en'] & string}`;
}[keyof Areas & string];
