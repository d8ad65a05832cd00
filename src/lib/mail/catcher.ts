import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '#lib/search/engine.ts';

/** A local mail catcher (MailDev) that receives everything Fixpoint sends in development. */
export type MailCatcher = { smtpUrl: string; webUrl: string; stop(): Promise<void> };

/** Raised when the catcher cannot start; the message says how to fix it. */
export class MailCatcherError extends Error {}

function maildevScript(): string {
  try {
    // The package exports only its ESM entry (dist/index.js); its command sits beside it.
    const script = path.join(
      path.dirname(fileURLToPath(import.meta.resolve('maildev'))),
      'bin',
      'maildev.js',
    );
    if (fs.existsSync(script)) return script;
  } catch {
    // not installed: said below
  }
  throw new MailCatcherError(
    'MailDev is not installed (it is a development dependency). Fix: run `npm install`, or set SMTP_URL to a mail server.',
  );
}

function readProc(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Stops a catcher left running by a Fixpoint that crashed (its pid file survived and the pid is still MailDev for this folder). */
function killOrphan(pidFile: string, mailDir: string): void {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
  fs.rmSync(pidFile, { force: true });
  const cmdline = readProc(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
  if (!Number.isInteger(pid) || pid <= 1 || !cmdline.includes('maildev') || !cmdline.includes(mailDir))
    return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function portAnswers(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

/** Prefers the usual port (so the inbox keeps its address across starts), else any free one. */
async function choosePort(preferred: number): Promise<number> {
  const free = await new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  return free ? preferred : findFreePort();
}

/**
 * Starts MailDev on loopback ports as a child process, keeping its mail under DATA_DIR/maildev so the
 * inbox survives a restart. Stopping Fixpoint stops it; a crash leaves a pid file that the next start uses.
 */
export async function startMailCatcher(dataDir: string): Promise<MailCatcher> {
  const script = maildevScript();
  const mailDir = path.join(dataDir, 'maildev');
  const pidFile = path.join(dataDir, 'maildev.pid');
  fs.mkdirSync(mailDir, { recursive: true, mode: 0o700 });
  killOrphan(pidFile, mailDir);
  const smtpPort = await choosePort(1025);
  const webPort = await choosePort(1080);
  const output: string[] = [];
  const child: ChildProcess = spawn(
    process.execPath,
    [
      script,
      '--smtp',
      String(smtpPort),
      '--web',
      String(webPort),
      '--ip',
      '127.0.0.1',
      '--web-ip',
      '127.0.0.1',
      '--mail-directory',
      mailDir,
      '--max-emails',
      '500',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 20) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (child.pid) fs.writeFileSync(pidFile, String(child.pid), { mode: 0o600 });
  if (!(await portAnswers(smtpPort, 20_000))) {
    child.kill('SIGKILL');
    fs.rmSync(pidFile, { force: true });
    throw new MailCatcherError(
      `The mail catcher (MailDev) did not start within 20 s. Its last output:\n${output.join('').slice(-1500)}\nFix: set SMTP_URL to a mail server instead.`,
    );
  }
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://127.0.0.1:${webPort}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(pidFile, { force: true });
    },
  };
}
