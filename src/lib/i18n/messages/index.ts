/**
 * The message catalogue: one file per area of the product, each with English, German and Italian side
 * by side. Add an area here; a key is `<area>.<name>` (`common.signIn`).
 */
import account from './account.ts';
import admin from './admin.ts';
import auth from './auth.ts';
import common from './common.ts';
import labels from './labels.ts';
import home from './home.ts';
import help from './help.ts';
import search from './search.ts';
import kb from './kb.ts';
import requests from './requests.ts';
import notifications from './notifications.ts';
import reports from './reports.ts';
import mail from './mail.ts';
import email from './email.ts';
import agent from './agent.ts';
import tickets from './tickets.ts';
import incidents from './incidents.ts';
import majorIncidents from './major-incidents.ts';
import sla from './sla.ts';
import translations from './translations.ts';
import editor from './editor.ts';
import desk from './desk.ts';
import macros from './macros.ts';

export const CATALOGUE = {
  common,
  labels,
  auth,
  account,
  mail,
  email,
  home,
  help,
  search,
  kb,
  requests,
  notifications,
  admin,
  reports,
  agent,
  tickets,
  incidents,
  majorIncidents,
  sla,
  translations,
  editor,
  desk,
  macros,
} as const;

type Areas = typeof CATALOGUE;
export type MessageKey = {
  [A in keyof Areas & string]: `${A}.${keyof Areas[A]['en'] & string}`;
}[keyof Areas & string];
