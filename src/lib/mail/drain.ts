import nodemailer, { type Transporter } from 'nodemailer';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '#lib/db/db.ts';
import { attachmentsFolder } from '#lib/tickets/attachments.ts';
import { dueMail, markMailAttemptFailed, markMailSent, pruneSentMail, type OutboxEntry } from './outbox.ts';

type Log = (message: string) => void;

export type MailDrainOptions = {
  /** The SMTP server; without one, mail stays queued (and the drain says so once). */
  smtpUrl: string | undefined;
  from: string;
  /** Where attachments are stored (DATA_DIR): a reply's files are read from there when it is sent. */
  dataDir?: string;
  /** Steps that queue mail before each round (notifications to mail): they run in the start process only. */
  producers?: Array<() => void>;
  /** How often the outbox is looked at, in ms. */
  intervalMs?: number;
  log?: Log;
  warn?: Log;
};

export type MailDrain = {
  /** Looks at the outbox now rather than at the next tick (after a web form queued something). */
  kick(): void;
  /** One round: producers, then every due message; resolves with how many were sent. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
};

/** An SMTP reply in the 5xx range is a refusal that waiting will not change; anything else is retried. */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export function createMailTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport(smtpUrl, {
    // A few kept-open connections: a burst of acknowledgements does not pay a connection per message.
    pool: true,
    maxConnections: 4,
    // Short timeouts: a server that hangs delays the queue by seconds, not minutes.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as never);
}

async function sendEntry(
  transport: Transporter,
  from: string,
  entry: OutboxEntry,
  dataDir: string | undefined,
): Promise<void> {
  const attachments =
    dataDir && entry.attachments.length > 0
      ? entry.attachments
          .map((a) => ({
            filename: a.fileName,
            contentType: a.mediaType,
            path: path.join(attachmentsFolder(dataDir), a.storedName),
          }))
          // A file deleted since (a restored backup without it): the message goes without it.
          .filter((a) => fs.existsSync(a.path))
      : undefined;
  await transport.sendMail({
    attachments,
    from,
    to: entry.to,
    subject: entry.subject,
    text: entry.text,
    html: entry.html ?? undefined,
    messageId: entry.messageId,
    headers: entry.headers,
    date: new Date(entry.createdAt),
  });
}

/**
 * Sends the outbox from the start process, one round every `intervalMs` (at once again after a full
 * batch): up to 20 due messages side by side over a small connection pool; a failure is recorded on its
 * row. A crash between the server's "250 OK" and the row's update sends that message again on restart,
 * with the same Message-ID (at least once).
 */
export function startMailDrain(db: Db, options: MailDrainOptions): MailDrain {
  const log = options.log ?? (() => {});
  const warn = options.warn ?? log;
  const transport = options.smtpUrl ? createMailTransport(options.smtpUrl) : null;
  let warnedNoTransport = false;
  let running: Promise<number> | null = null;
  let stopped = false;
  let lastPrune = 0;
  let failingSince: number | null = null;

  const round = async (): Promise<number> => {
    for (const produce of options.producers ?? []) {
      try {
        produce();
      } catch (error) {
        warn(`Mail: could not queue notifications (${(error as Error).message}); trying again shortly.`);
      }
    }
    if (Date.now() - lastPrune > 60 * 60_000) {
      lastPrune = Date.now();
      pruneSentMail(db);
    }
    const due = dueMail(db);
    if (due.length === 0) return 0;
    if (!transport) {
      if (!warnedNoTransport)
        warn(
          'Mail is queued but SMTP_URL is not set: it will be sent once SMTP_URL points to a mail server.',
        );
      warnedNoTransport = true;
      return 0;
    }
    // Sent side by side over the pool; each row is updated as its own answer comes.
    const outcomes = await Promise.all(
      due.map(async (entry) => {
        if (stopped) return 'skipped' as const;
        try {
          await sendEntry(transport, options.from, entry, options.dataDir);
          markMailSent(db, entry.id);
          return 'sent' as const;
        } catch (error) {
          const permanent = isPermanentFailure(error);
          markMailAttemptFailed(db, entry.id, { message: (error as Error).message, permanent });
          if (permanent) warn(`Mail to ${entry.to} was refused: ${(error as Error).message}`);
          return permanent ? ('refused' as const) : (error as Error);
        }
      }),
    );
    const sent = outcomes.filter((o) => o === 'sent').length;
    const transient = outcomes.find((o): o is Error => o instanceof Error);
    if (transient) {
      if (failingSince === null)
        warn(`Mail: cannot reach the SMTP server (${transient.message}); mail stays queued and is retried.`);
      failingSince ??= Date.now();
    } else if (sent > 0) {
      if (failingSince !== null) log('Mail: the SMTP server answers again; queued mail is going out.');
      failingSince = null;
    }
    return sent;
  };

  const runOnce = (): Promise<number> => {
    if (!running)
      running = round().finally(() => {
        running = null;
      });
    return running;
  };

  const tick = () => {
    if (stopped) return;
    runOnce()
      .then((sent) => {
        // A full batch went out: there may be more due now, do not wait for the next tick.
        if (sent >= 20) tick();
      })
      .catch((error: Error) => warn(`Mail: the outbox round failed (${error.message}).`));
  };
  const timer = setInterval(tick, options.intervalMs ?? 1000);
  timer.unref();
  tick();

  return {
    kick: tick,
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => 0);
      transport?.close();
    },
  };
}
