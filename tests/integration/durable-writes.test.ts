import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';

// What a 201 promises must be on the disk when it is sent: a power cut after it may lose nothing.
// No test can cut the power, but the system calls show the order the promise depends on: each file
// fsynced before it is renamed into place, its folder fsynced after, and the commit that names it
// fsynced (SQLite's synchronous = FULL) after that. strace records them from a real run of the
// functions the pages call (tests/support/durable-writes-child.ts); nothing is mocked.

const TRACED = 'openat,close,fsync,fdatasync,rename,renameat,renameat2';
const canTrace = spawnSync('strace', ['-o', '/dev/null', 'true']).status === 0;

/** The trace as one line per event: `open <path>`, `sync <path>` (fsync or fdatasync), `rename <from> -> <to>`. */
function readTrace(text: string): string[] {
  const open = new Map<number, string>();
  const events: string[] = [];
  for (const line of text.split('\n')) {
    let m: RegExpExecArray | null;
    if ((m = /^openat\(AT_FDCWD, "([^"]*)", [A-Z_|]+(?:, [0-7]+)?\)\s+= (\d+)$/.exec(line))) {
      open.set(Number(m[2]), m[1]!);
      events.push(`open ${m[1]}`);
    } else if ((m = /^close\((\d+)\)/.exec(line))) open.delete(Number(m[1]));
    else if ((m = /^f(?:data)?sync\((\d+)\)\s+= 0$/.exec(line)))
      events.push(`sync ${open.get(Number(m[1])) ?? `fd ${m[1]}`}`);
    else if ((m = /^rename(?:at2?)?\((?:AT_FDCWD, )?"([^"]*)", (?:AT_FDCWD, )?"([^"]*)"/.exec(line)))
      events.push(`rename ${m[1]} -> ${m[2]}`);
  }
  return events;
}

/** Asserts that the steps happen in this order (others may come between), all before `until`. */
function expectInOrder(events: string[], steps: Array<string | RegExp>, until: string | RegExp): void {
  const find = (step: string | RegExp, after: number) =>
    events.findIndex((e, i) => i > after && (typeof step === 'string' ? e === step : step.test(e)));
  let at = -1;
  for (const step of steps) {
    const next = find(step, at);
    expect(
      next,
      `"${String(step)}" after event ${at}:\n${events.slice(Math.max(0, at)).join('\n')}`,
    ).not.toBe(-1);
    at = next;
  }
  const end = find(until, -1);
  expect(end, `"${String(until)}" is in the trace`).not.toBe(-1);
  expect(at, `the last step came after "${String(until)}"`).toBeLessThan(end);
}

describe.skipIf(!canTrace)(
  'an acknowledged write is on the disk before the answer (traced with strace)',
  () => {
    let events: string[] = [];
    let dataDir = '';
    let contentDir = '';
    let written: { ticketFile: string; replyFile: string; article: string };

    beforeAll(() => {
      const root = tempDir();
      dataDir = path.join(root, 'data');
      contentDir = writeTree(path.join(root, 'content'), {
        'categories.json': TEST_CATEGORIES,
        'kb/.keep': '',
      });
      const log = path.join(root, 'trace.txt');
      const run = spawnSync(
        'strace',
        [
          '-o',
          log,
          '-s',
          '4096',
          '-e',
          `trace=${TRACED}`,
          process.execPath,
          'tests/support/durable-writes-child.ts',
        ].concat([dataDir, contentDir]),
        { encoding: 'utf8', timeout: 60_000 },
      );
      expect(run.status, run.stderr).toBe(0);
      written = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
      events = readTrace(fs.readFileSync(log, 'utf8'));
    });

    const wal = () => `sync ${path.join(dataDir, 'fixpoint.db-wal')}`;

    it('a ticket: its attachment synced, renamed, its folder synced, then the commit syncs the WAL', () => {
      const file = path.join(dataDir, 'attachments', written.ticketFile);
      const reply = path.join(dataDir, 'attachments', written.replyFile);
      expectInOrder(
        events,
        [
          `sync ${file}.part`,
          `rename ${file}.part -> ${file}`,
          `sync ${path.join(dataDir, 'attachments')}`,
          wal(),
        ],
        `open ${reply}.part`, // the commit was synced before the reply began
      );
    });

    it('a reply: the same, for its own attachment and commit', () => {
      const file = path.join(dataDir, 'attachments', written.replyFile);
      expectInOrder(
        events,
        [
          `sync ${file}.part`,
          `rename ${file}.part -> ${file}`,
          `sync ${path.join(dataDir, 'attachments')}`,
          wal(),
        ],
        /^open .*\/faq\/\.vpn-error-809\.[0-9a-f]+\.tmp$/,
      );
    });

    it('a saved article: the file synced, renamed, its folder synced, then the revision commit syncs the WAL', () => {
      expectInOrder(
        events,
        [
          `sync ${contentDir}`, // faq/ is new: its name lives in content/
          /^sync .*\/faq\/\.vpn-error-809\.[0-9a-f]+\.tmp$/,
          new RegExp(`^rename .*\\.tmp -> ${written.article}$`),
          `sync ${path.dirname(written.article)}`,
          wal(),
        ],
        `open ${path.join(dataDir, 'traced-done')}`,
      );
    });
  },
);
