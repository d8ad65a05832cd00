import { ImapFlow } from 'imapflow';
import { getLogger } from '#lib/config/log.ts';
import type { InboundOutcome } from './inbound.ts';

export type ImapSettings = {
  /** `imap://user:pass@host:143/INBOX` or `imaps://…:993/…`; the path is the mailbox (default INBOX). */
  url: string;
  /** After a message is committed: flagged \Seen, and moved here when set. */
  doneFolder?: string;
  handle: (raw: Buffer) => Promise<InboundOutcome>;
  log?: (message: string) => void;
  warn?: (message: string) => void;
};

export type ImapPoller = {
  /** Reads every unseen message now (also runs on connect and whenever IDLE reports new mail). */
  poll(): Promise<number>;
  stop(): Promise<void>;
};

function parseImapUrl(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'imaps:' ? 993 : 143),
    secure: u.protocol === 'imaps:',
    auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
    mailbox: decodeURIComponent(u.pathname.replace(/^\/+/, '')) || 'INBOX',
  };
}

/**
 * Reads a mailbox over IMAP (imapflow) and keeps an IDLE connection for new mail. Each unseen message is
 * handed to `handle`, and flagged (or moved) only after that resolved, i.e. after its ticket or reply was
 * committed: a crash in between leaves it unseen, and the next read finds its Message-ID already
 * recorded. A dropped connection is opened again after 1 s, doubling to a minute.
 */
export function startImapPoller(settings: ImapSettings): ImapPoller {
  const target = parseImapUrl(settings.url);
  const warn = settings.warn ?? (() => {});
  let client: ImapFlow | null = null;
  let stopped = false;
  let failures = 0;
  let polling: Promise<number> | null = null;
  let again = false;
  let retry: NodeJS.Timeout | undefined;

  const readUnseen = async (c: ImapFlow): Promise<number> => {
    const lock = await c.getMailboxLock(target.mailbox);
    let handled = 0;
    try {
      const uids = (await c.search({ seen: false }, { uid: true })) || [];
      for (const uid of uids) {
        if (stopped) break;
        const message = await c.fetchOne(String(uid), { source: true }, { uid: true });
        if (!message || !message.source) continue;
        try {
          await settings.handle(message.source);
        } catch (error) {
          // Left unseen and tried again at the next read; the messages after it still get through.
          getLogger().warn({ uid, error: (error as Error).message }, 'an IMAP message could not be filed');
          continue;
        }
        await c.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
        if (settings.doneFolder) await c.messageMove(String(uid), settings.doneFolder, { uid: true });
        handled++;
      }
    } finally {
      lock.release();
    }
    return handled;
  };

  const poll = (): Promise<number> => {
    if (polling) {
      again = true;
      return polling;
    }
    const c = client;
    if (!c) return Promise.resolve(0);
    polling = readUnseen(c)
      .catch((error: Error) => {
        warn(
          `IMAP: reading ${target.mailbox} failed (${error.message}); trying again on the next mail or reconnect.`,
        );
        return 0;
      })
      .finally(() => {
        polling = null;
        if (again && !stopped) {
          again = false;
          void poll();
        }
      });
    return polling;
  };

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new ImapFlow({ ...target, logger: false, emitLogs: false });
    c.on('error', (error: Error) => warn(`IMAP: ${error.message}`));
    c.on('exists', () => void poll());
    c.on('close', () => {
      if (client === c) client = null;
      if (!stopped) scheduleReconnect();
    });
    try {
      await c.connect();
      if (settings.doneFolder) await c.mailboxCreate(settings.doneFolder).catch(() => undefined);
      // Opening the mailbox and leaving it open lets imapflow IDLE on it.
      await c.mailboxOpen(target.mailbox);
      client = c;
      if (failures > 0) settings.log?.(`IMAP: connected to ${target.host} again.`);
      failures = 0;
      await poll();
    } catch (error) {
      warn(
        `IMAP: cannot read ${target.mailbox} on ${target.host}:${target.port} (${(error as Error).message}).`,
      );
      c.close();
    }
  };

  const scheduleReconnect = () => {
    if (retry || stopped) return;
    failures++;
    retry = setTimeout(
      () => {
        retry = undefined;
        void connect();
      },
      Math.min(60_000, 1000 * 2 ** Math.min(6, failures - 1)),
    );
    retry.unref();
  };

  void connect();
  // IDLE tells of new mail at once; a read every minute as well covers a server that forgets to.
  const sweep = setInterval(() => void poll(), 60_000);
  sweep.unref();
  return {
    poll,
    async stop() {
      stopped = true;
      clearInterval(sweep);
      clearTimeout(retry);
      await polling?.catch(() => 0);
      await client?.logout().catch(() => undefined);
      client?.close();
    },
  };
}
