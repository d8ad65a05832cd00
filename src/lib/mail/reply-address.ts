import type { ParsedMail } from 'mailparser';
import type { Db } from '#lib/db/db.ts';
import { signLink, verifyLink } from './links.ts';

/** The desk's address in MAIL_FROM ("IT Desk <help@example.com>" → help, example.com). */
function deskAddress(from: string): { local: string; domain: string } | null {
  const match = /<?([^<>\s@]+)@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return match ? { local: match[1]!.split('+')[0]!, domain: match[2]! } : null;
}

/**
 * The Reply-To address of a mail about a ticket: the desk's address with a signed token
 * (`help+<token>@example.com`) naming the ticket and the person it was sent to, so an answer finds its
 * ticket even when the mail program drops In-Reply-To and the subject's tag. Null when MAIL_FROM has no
 * usable address.
 */
export function replyAddressFor(db: Db, from: string, ticketNumber: number, userId: number): string | null {
  const desk = deskAddress(from);
  if (!desk) return null;
  const address = `${desk.local}+${signLink(db, 'reply', `${ticketNumber}-${userId}`)}@${desk.domain}`;
  // A local part is at most 64 characters (RFC 5321): without room for the token, none.
  return address.indexOf('@') <= 64 ? address : null;
}

const headerText = (mail: ParsedMail, name: string): string[] => {
  const value = mail.headers.get(name);
  if (!value) return [];
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && 'value' in value) {
    const list = (value as { value: Array<{ address?: string }> }).value;
    return Array.isArray(list) ? list.map((v) => v.address ?? '') : [];
  }
  return [];
};

/** Every address a mail was delivered to: To, Cc, and what relays record (Delivered-To, X-Original-To). */
export function recipientAddresses(mail: ParsedMail): string[] {
  const listed = [mail.to, mail.cc]
    .flatMap((a) => (a ? (Array.isArray(a) ? a : [a]) : []))
    .flatMap((a) => a.value.map((v) => v.address ?? ''));
  return [...listed, ...headerText(mail, 'delivered-to'), ...headerText(mail, 'x-original-to')]
    .map((a) => a.trim())
    .filter(Boolean);
}

/** The ticket a valid reply token in one of the mail's recipient addresses names, else null. */
export function ticketFromReplyToken(db: Db, mail: ParsedMail): number | null {
  for (const address of recipientAddresses(mail)) {
    const token = /^[^+@\s]+\+([A-Za-z0-9_.-]{1,120})@/.exec(address)?.[1];
    const payload = token ? verifyLink(db, 'reply', token) : null;
    const match = payload ? /^(\d{1,9})-\d{1,12}$/.exec(payload) : null;
    if (match) return Number(match[1]);
  }
  return null;
}
