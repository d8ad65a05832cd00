import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '#lib/search/engine.ts';

/** Debian's Dovecot, when installed (npm test installs it as root: scripts/ensure-debian-packages.ts). */
export const DOVECOT_BIN = '/usr/sbin/dovecot';
export const hasDovecot = fs.existsSync(DOVECOT_BIN);

export type Dovecot = { port: number; user: string; password: string; url: string; stop(): Promise<void> };

/**
 * A real Dovecot IMAP server on a loopback port, with its configuration, mail and logs in a temporary
 * folder, one account (plain-text password, no TLS: loopback only). Run as the current user; as root,
 * its processes and mail belong to Debian's `dovecot` user, since Dovecot refuses root for mail.
 */
export async function startDovecot(): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const port = await findFreePort();
  const root = process.getuid?.() === 0;
  const me = os.userInfo();
  const mailUser = root ? 'dovecot' : me.username;
  const ids = root ? { uid: 103, gid: 111 } : { uid: me.uid, gid: me.gid };
  if (root) {
    const pw = spawnSync('id', ['-u', 'dovecot'], { encoding: 'utf8' }).stdout.trim();
    const gr = spawnSync('id', ['-g', 'dovecot'], { encoding: 'utf8' }).stdout.trim();
    if (pw) ids.uid = Number(pw);
    if (gr) ids.gid = Number(gr);
  }
  const user = 'desk';
  const password = 'desk-imap-password';
  const home = path.join(dir, 'home');
  fs.mkdirSync(home, { recursive: true });
  if (root) fs.chownSync(home, ids.uid, ids.gid);
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}::::::\n`);
  const config = `
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${mailUser}
default_internal_group = ${root ? 'dovecot' : spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim() || me.username}
default_login_user = ${root ? 'dovenull' : me.username}
first_valid_uid = ${Math.min(ids.uid, 100)}
mail_location = maildir:${home}/%u/Maildir
mail_uid = ${ids.uid}
mail_gid = ${ids.gid}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${ids.uid} gid=${ids.gid} home=${home}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service auth {
  unix_listener auth-userdb {
    mode = 0666
  }
}
namespace inbox {
  inbox = yes
  mailbox Processed {
    auto = create
  }
}
`;
  fs.writeFileSync(path.join(dir, 'dovecot.conf'), config);
  const child: ChildProcess = spawn(DOVECOT_BIN, ['-F', '-c', path.join(dir, 'dovecot.conf')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr?.on('data', (c: Buffer) => output.push(c.toString()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      const log = fs.existsSync(path.join(dir, 'dovecot.log'))
        ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8')
        : '';
      throw new Error(`Dovecot did not start: ${output.join('')}${log}`.slice(-3000));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
