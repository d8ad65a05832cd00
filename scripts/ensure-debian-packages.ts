// Tests use real programs from Debian: Chromium for the end-to-end tests (Playwright cannot download
// its own browser here) and strace for the durability test (it watches the fsync calls). Installs
// what is missing when we are root; otherwise says the command. Chromium is required; without strace
// the durability test is skipped, so its absence is only reported; so is Dovecot's (the IMAP tests).
//   node scripts/ensure-debian-packages.ts chromium strace dovecot-imapd
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const PACKAGES: Record<string, { binary: string; required: boolean; hint: string }> = {
  chromium: {
    binary: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    required: true,
    hint: 'or set CHROMIUM_PATH to a Chromium or Chrome binary',
  },
  strace: { binary: '/usr/bin/strace', required: false, hint: 'the durability test is skipped until then' },
  // A real IMAP server for the inbound-mail tests, run unprivileged on a local port (tests/support/dovecot.ts).
  'dovecot-imapd': {
    binary: '/usr/sbin/dovecot',
    required: false,
    hint: 'the IMAP tests are skipped until then',
  },
};

const wanted = process.argv.slice(2).filter((name) => name in PACKAGES);
const missing = wanted.filter((name) => !fs.existsSync(PACKAGES[name]!.binary));
if (missing.length === 0) process.exit(0);

const command = `sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`;
if (process.getuid?.() !== 0) {
  for (const name of missing) {
    const { binary, required, hint } = PACKAGES[name]!;
    console[required ? 'error' : 'warn'](
      `${name} is not installed at ${binary}. Fix: run \`${command}\` (${hint}).`,
    );
  }
  process.exit(missing.some((name) => PACKAGES[name]!.required) ? 1 : 0);
}

console.log(`Installing Debian's ${missing.join(' and ')} package(s) for the tests…`);
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', ...missing],
]) {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`\`apt-get ${args.join(' ')}\` failed. Fix: install ${missing.join(' ')} by hand.`);
    process.exit(missing.some((name) => PACKAGES[name]!.required) ? 1 : 0);
  }
}
