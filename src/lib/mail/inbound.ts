import { createHash, randomBytes } from 'node:crypto';
import { simpleParser, type ParsedMail } from 'mailparser';
import { readerFor, type Principal } from '#lib/auth/roles.ts';
import { createUser, getUserByEmail, toPrincipal, type User } from '#lib/auth/users.ts';
import { sql, type Db } from '#lib/db/db.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import { i18nForRecipient } from '#lib/i18n/recipient.ts';
import { languageDetector } from '#lib/text/language.ts';
import { isMessageKey, translate } from '#lib/i18n/translate.ts';
import type { Suggestion } from '#lib/search/suggest.ts';
import { discardUploads, storeUploads, type StoredFile } from '#lib/tickets/attachments.ts';
import { z } from 'zod';
import {
  createTicket,
  DESCRIPTION_MAX,
  getTicketForViewer,
  SUBJECT_MAX,
  TicketInputError,
  ticketNumberExists,
} from '#lib/tickets/tickets.ts';
import { addMessage, addParticipants, WorkflowError } from '#lib/tickets/workflow.ts';
import { recordMailRequest } from '#lib/deflection/requests.ts';
import { recordBounce } from './bounces.ts';
import { composeMail, type MailPart } from './compose.ts';
import { replyAddressFor, ticketFromReplyToken } from './reply-address.ts';
import { solvedLinkToken } from './solved-by-mail.ts';
import { cleanSubject, loopReason, referencedTicketNumber, trimReply } from './inbound-text.ts';
import { enqueueMail, OutgoingMailSchema, senderDomain } from './outbox.ts';

export type InboundSettings = {
  /** Fixpoint's own sender (MAIL_FROM): never answered, and the sender of acknowledgements. */
  from: string;
  publicUrl: string;
  dataDir: string;
  allowedDomains: string[];
  perSenderPerHour: number;
  maxBytes: number;
  /**
   * A reply on a ticket from someone who is neither its requester, a colleague they copied, nor an
   * agent (MAIL_STRANGER_REPLIES): a new ticket of their own, or a polite refusal (once a day at most).
   */
  strangerReplies?: 'new-ticket' | 'refuse';
  /** Suggested articles for a new request (best first, already above the minimum score); none when absent. */
  suggest?: (reader: ReturnType<typeof readerFor>, text: string) => Promise<Suggestion[]>;
};

export type InboundOutcome =
  | { outcome: 'ticket'; ticketNumber: number }
  | { outcome: 'reply'; ticketNumber: number }
  | { outcome: 'duplicate' }
  | { outcome: 'ignored' | 'refused' | 'limited'; reason: string };

const emailOf = (from: string) => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();

/** A Message-ID to remember the message by; a message without one is known by its content's hash. */
function messageKey(mail: ParsedMail, raw: Buffer): string {
  const id = mail.messageId?.trim();
  if (id && id.length <= 500) return id;
  return `<sha256-${createHash('sha256').update(raw).digest('hex')}@fixpoint.invalid>`;
}

function alreadyReceived(db: Db, messageId: string): boolean {
  return Boolean(sql(db, 'SELECT 1 FROM mail_inbound WHERE message_id = ?').get(messageId));
}

function record(
  db: Db,
  row: {
    messageId: string;
    from: string;
    subject: string;
    outcome: string;
    reason?: string;
    ticketId?: number;
    answered?: boolean;
  },
): void {
  sql(
    db,
    `INSERT INTO mail_inbound (message_id, from_address, subject, received_at, outcome, reason, ticket_id, answered)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.messageId,
    row.from.slice(0, 254),
    row.subject.slice(0, 300),
    new Date().toISOString(),
    row.outcome,
    row.reason ?? null,
    row.ticketId ?? null,
    row.answered ? 1 : 0,
  );
}

function recentFrom(db: Db, from: string, sinceMs: number, outcome?: string): number {
  const since = new Date(Date.now() - sinceMs).toISOString();
  return sql(
    db,
    `SELECT count(*) FROM mail_inbound WHERE from_address = ? AND received_at > ?${outcome ? ' AND outcome = ? AND answered = 1' : ''}`,
  )
    .pluck()
    .get(...(outcome ? [from, since, outcome] : [from, since])) as number;
}

/** Files attached to the mail (not inline images of an HTML body), through the portal's attachment checks. */
async function storeMailAttachments(
  mail: ParsedMail,
  dataDir: string,
): Promise<{ files: StoredFile[]; problem: string | null }> {
  const attached = mail.attachments.filter((a) => a.contentDisposition !== 'inline' || !a.related);
  if (attached.length === 0) return { files: [], problem: null };
  const files = attached.map(
    (a) => new File([new Uint8Array(a.content)], a.filename ?? 'attachment', { type: a.contentType }),
  );
  const checked = await storeUploads(dataDir, files);
  return checked.ok ? { files: checked.files, problem: null } : { files: [], problem: checked.error };
}

type Reply = {
  to: string;
  subject: string;
  parts: MailPart[];
  inReplyTo: string;
  ticketNumber?: number;
  /** Answers go to the desk's address with a token naming the ticket (reply-address.ts). */
  replyTo?: string | null;
};

/** Whom an answer goes to, and in which language and time zone it is written. */
type Recipient = { email: string; displayName: string; i18n: I18n };

function queueAnswer(db: Db, settings: InboundSettings, user: Recipient, reply: Reply): void {
  const thread = reply.ticketNumber ? `<ticket-${reply.ticketNumber}@${senderDomain(settings.from)}>` : null;
  const body = composeMail({
    i18n: user.i18n,
    name: user.displayName,
    parts: reply.parts,
    footer: user.i18n.t('mail.inboundFooter'),
  });
  enqueueMail(
    db,
    {
      kind: reply.ticketNumber ? 'acknowledgement' : 'refusal',
      to: reply.to,
      subject: reply.subject,
      ...body,
      headers: {
        'Auto-Submitted': 'auto-replied',
        'X-Auto-Response-Suppress': 'All',
        'In-Reply-To': reply.inReplyTo,
        References: [reply.inReplyTo, thread].filter(Boolean).join(' '),
        ...(reply.ticketNumber ? { 'X-Fixpoint-Ticket': `T-${reply.ticketNumber}` } : {}),
        ...(reply.replyTo ? { 'Reply-To': reply.replyTo } : {}),
      },
    },
    { from: settings.from },
  );
}

/** The sender's account: an existing one, or a new employee account when the domain is allowed. */
async function senderAccount(
  db: Db,
  address: string,
  name: string | undefined,
  settings: InboundSettings,
): Promise<User | null> {
  const existing = getUserByEmail(db, address);
  if (existing) return existing.disabled ? null : existing;
  const domain = address.split('@')[1] ?? '';
  if (!settings.allowedDomains.includes(domain)) return null;
  // A long random password nobody knows: the person signs in after a password reset, or through SSO.
  const password = `${randomBytes(24).toString('base64url')} ${randomBytes(8).toString('hex')}`;
  try {
    return await createUser(db, {
      email: address,
      displayName: (name?.trim() || address.split('@')[0]!).slice(0, 100),
      roles: ['employee'],
      password,
    });
  } catch {
    return getUserByEmail(db, address); // created by a message handled at the same moment
  }
}

const acknowledgement = (
  i18n: I18n,
  ticketNumber: number,
  subject: string,
  suggestions: Array<Suggestion & { solvedUrl: string }>,
  base: string,
  problem: string | null,
): MailPart[] => [
  { kind: 'paragraph', text: i18n.t('mail.ackText', { ticket: `T-${ticketNumber}`, subject }) },
  ...(problem
    ? [{ kind: 'paragraph' as const, text: i18n.t('mail.ackAttachments', { problem: i18n.text(problem) }) }]
    : []),
  ...(suggestions.length > 0
    ? [
        { kind: 'paragraph' as const, text: i18n.t('mail.ackSuggestions') },
        {
          kind: 'links' as const,
          items: suggestions.map((s) => ({
            label: s.title,
            url: `${base}${s.url}`,
            note: s.summary.slice(0, 200),
            action: { label: i18n.t('email.solvedLink'), url: s.solvedUrl },
          })),
        },
      ]
    : []),
  { kind: 'button', label: i18n.t('mail.ackFollow'), url: `${base}/requests/${ticketNumber}` },
];

/** At most this many copied colleagues join a ticket from one mail. */
const MAX_COPIED = 10;

/**
 * Colleagues the sender copied (Cc) who have an active account: they become participants of the
 * ticket. The desk's own addresses (with or without a reply token) and the sender are left out.
 */
function copiedColleagues(db: Db, mail: ParsedMail, sender: User, settings: InboundSettings): number[] {
  const desk = emailOf(settings.from);
  const [deskLocal, deskDomain] = [desk.split('@')[0]!.split('+')[0]!, desk.split('@')[1] ?? ''];
  const cc = (Array.isArray(mail.cc) ? mail.cc : mail.cc ? [mail.cc] : []).flatMap((a) =>
    a.value.map((v) => (v.address ?? '').toLowerCase()),
  );
  const ids: number[] = [];
  for (const address of new Set(cc)) {
    const [local = '', domain = ''] = address.split('@');
    if (!address || address === sender.email || (domain === deskDomain && local.split('+')[0] === deskLocal))
      continue;
    const colleague = getUserByEmail(db, address);
    if (colleague && !colleague.disabled) ids.push(colleague.id);
    if (ids.length >= MAX_COPIED) break;
  }
  return ids;
}

/**
 * A reply on a ticket from someone who may not answer there (MAIL_STRANGER_REPLIES=refuse): recorded
 * as refused, and answered politely at most once a day per address.
 */
function refuseStranger(
  db: Db,
  settings: InboundSettings,
  input: {
    base: { messageId: string; from: string; subject: string };
    user: User;
    writtenIn: ReturnType<typeof detectLanguage>;
    number: number;
  },
): InboundOutcome {
  const reason = `not the requester or a participant of T-${input.number}`;
  const answer = recentFrom(db, input.base.from, 24 * 60 * 60_000, 'refused') === 0;
  if (answer) {
    const i18n = i18nForRecipient(input.user, input.writtenIn);
    queueAnswer(
      db,
      settings,
      { ...input.user, i18n },
      {
        to: input.user.email,
        subject: `Re: ${input.base.subject}`,
        inReplyTo: input.base.messageId,
        parts: [
          { kind: 'paragraph', text: i18n.t('email.strangerText', { ticket: `T-${input.number}` }) },
          { kind: 'paragraph', text: i18n.t('email.strangerHelp') },
          { kind: 'button', label: i18n.t('email.strangerNew'), url: `${settings.publicUrl}/help` },
        ],
      },
    );
  }
  record(db, { ...input.base, outcome: 'refused', reason, answered: answer });
  return { outcome: 'refused', reason };
}

/** The language a sender wrote in, by the words of their mail (for people without a saved choice). */
const detectLanguage = languageDetector();

/**
 * Handles one inbound message (from the SMTP listener or IMAP): a new ticket, a reply on a ticket, or a
 * recorded refusal. The Message-ID is recorded in the same transaction as what it made, so handing the
 * same message in again (a retry after a crash) makes nothing twice. Resolves only after the commit:
 * callers acknowledge the message (SMTP 250, IMAP flag) after that.
 */
export async function receiveMail(db: Db, raw: Buffer, settings: InboundSettings): Promise<InboundOutcome> {
  if (raw.length > settings.maxBytes) {
    return { outcome: 'refused', reason: `larger than ${Math.round(settings.maxBytes / 1024 / 1024)} MB` };
  }
  const mail = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: 2_000_000 });
  const messageId = messageKey(mail, raw);
  if (alreadyReceived(db, messageId)) return { outcome: 'duplicate' };
  const from = mail.from?.value[0]?.address?.toLowerCase() ?? '';
  const subject = cleanSubject(mail.subject).slice(0, SUBJECT_MAX) || '(no subject)';
  const base = { messageId, from: from || '(none)', subject };
  const settle = (fn: () => InboundOutcome): InboundOutcome => {
    try {
      return db.transaction(fn)();
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && alreadyReceived(db, messageId))
        return { outcome: 'duplicate' };
      throw error;
    }
  };

  const loop = loopReason(mail, emailOf(settings.from));
  if (loop)
    return settle(() => {
      // A bounce is never answered; a permanent one marks the address failing (bounces.ts).
      const marked = loop.includes('bounce') ? recordBounce(db, mail) : [];
      const reason = marked.length > 0 ? `${loop}; failing: ${marked.join(', ')}` : loop;
      record(db, { ...base, outcome: 'ignored', reason });
      return { outcome: 'ignored', reason };
    });
  if (recentFrom(db, from, 60 * 60_000) >= settings.perSenderPerHour) {
    const reason = `more than ${settings.perSenderPerHour} messages in an hour`;
    return settle(
      () => (record(db, { ...base, outcome: 'limited', reason }), { outcome: 'limited', reason }),
    );
  }

  const user = await senderAccount(db, from, mail.from?.value[0]?.name, settings);
  const writtenIn = detectLanguage(`${mail.subject ?? ''}\n${trimReply(mail.text ?? '')}`.slice(0, 5000));
  if (!user) {
    const reason = 'not an employee address';
    return settle(() => {
      // One polite refusal a day per address, at most: a forged sender cannot make Fixpoint spam someone.
      // An address the outbox would refuse ("a=b@x", "u@localhost") gets no answer: the refusal is
      // still recorded, and the message does not stay unsettled (over IMAP it would block the rest).
      const answer =
        OutgoingMailSchema.shape.to.safeParse(from).success &&
        recentFrom(db, from, 24 * 60 * 60_000, 'refused') === 0;
      if (answer) {
        // No account, so no saved language: the one the mail is written in.
        const i18n = i18nForRecipient({ locale: null, timeZone: null }, writtenIn);
        queueAnswer(
          db,
          settings,
          { email: from, displayName: mail.from?.value[0]?.name || from, i18n },
          {
            to: from,
            subject: `Re: ${subject}`,
            inReplyTo: messageId,
            parts: [
              { kind: 'paragraph', text: i18n.t('mail.refusalText') },
              { kind: 'paragraph', text: i18n.t('mail.refusalHelp') },
            ],
          },
        );
      }
      record(db, { ...base, outcome: 'refused', reason, answered: answer });
      return { outcome: 'refused', reason };
    });
  }

  const principal: Principal = toPrincipal(user);
  const text = trimReply(mail.text ?? '').slice(0, DESCRIPTION_MAX);
  const referenced = referencedTicketNumber(mail, () => ticketFromReplyToken(db, mail));
  const ticket = referenced ? getTicketForViewer(db, referenced, principal) : null;
  if (referenced && !ticket && ticketNumberExists(db, referenced) && settings.strangerReplies === 'refuse')
    return settle(() => refuseStranger(db, settings, { base, user, writtenIn, number: referenced }));
  const attachments = await storeMailAttachments(mail, settings.dataDir);
  const copied = () => copiedColleagues(db, mail, user, settings);
  try {
    if (ticket && ticket.status !== 'closed') {
      return settle(() => {
        addMessage(db, ticket.id, principal, text || '(an e-mail without text)', false, attachments.files);
        if (ticket.requesterId === user.id) addParticipants(db, ticket.id, copied());
        record(db, { ...base, outcome: 'reply', ticketId: ticket.id });
        return { outcome: 'reply', ticketNumber: ticket.number };
      });
    }
    const suggestions = settings.suggest
      ? (await settings.suggest(readerFor(principal), `${subject}\n${text}`)).slice(0, 3)
      : [];
    return settle(() => {
      // The mail is a help request of its own (channel mail): what its acknowledgement suggests, and a
      // "This solved it" per article, count in the reports as the web's suggestions do.
      const requestId = recordMailRequest(db, {
        userId: user.id,
        text: `${subject}\n${text}`,
        query: subject,
        slugs: suggestions.map((s) => s.slug),
      });
      const { ticket: created } = createTicket(
        db,
        user.id,
        {
          subject: subject.length >= 3 ? subject : `E-mail: ${subject}`,
          description: text || '(an e-mail without text)',
          requestId,
        },
        { channel: 'email', files: attachments.files },
      );
      addParticipants(db, created.id, copied());
      const i18n = i18nForRecipient(user, writtenIn);
      const solvable = suggestions.map((s, i) => ({
        ...s,
        solvedUrl: `${settings.publicUrl}/mail/solved/${solvedLinkToken(db, { userId: user.id, requestId, rank: i + 1 })}`,
      }));
      queueAnswer(
        db,
        settings,
        { ...user, i18n },
        {
          to: user.email,
          subject: `[T-${created.number}] ${i18n.t('mail.ackSubject', { subject: created.subject })}`,
          inReplyTo: messageId,
          ticketNumber: created.number,
          replyTo: replyAddressFor(db, settings.from, created.number, user.id),
          parts: acknowledgement(
            i18n,
            created.number,
            created.subject,
            solvable,
            settings.publicUrl,
            attachments.problem,
          ),
        },
      );
      record(db, { ...base, outcome: 'ticket', ticketId: created.id, answered: true });
      return { outcome: 'ticket', ticketNumber: created.number };
    });
  } catch (error) {
    discardUploads(settings.dataDir, attachments.files);
    if (error instanceof WorkflowError || error instanceof TicketInputError || error instanceof z.ZodError) {
      const reason =
        error instanceof z.ZodError
          ? translateIfKey(error.issues[0]?.message ?? 'unusable content')
          : error.message;
      return settle(
        () => (record(db, { ...base, outcome: 'ignored', reason }), { outcome: 'ignored', reason }),
      );
    }
    throw error;
  }
}

/** A ticket's zod message is a catalogue key: the mail log records its English sentence. */
function translateIfKey(said: string): string {
  return isMessageKey(said) ? translate('en', said) : said;
}

export type InboundEntry = {
  id: number;
  from: string;
  subject: string;
  receivedAt: string;
  outcome: 'ticket' | 'reply' | 'ignored' | 'refused' | 'limited';
  reason: string | null;
  ticketNumber: number | null;
};

/** The newest inbound messages and what became of them, for /admin/mail. */
export function listInbound(db: Db, limit = 30): InboundEntry[] {
  return sql(
    db,
    `SELECT m.id, m.from_address AS "from", m.subject, m.received_at AS receivedAt, m.outcome, m.reason, t.number AS ticketNumber
     FROM mail_inbound m LEFT JOIN tickets t ON t.id = m.ticket_id ORDER BY m.id DESC LIMIT ?`,
  ).all(limit) as InboundEntry[];
}
