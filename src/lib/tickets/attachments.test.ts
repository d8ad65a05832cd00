import fs from 'node:fs';
import { translate } from '#lib/i18n/translate.ts';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { tempDir } from '#test/temp.ts';
import { canMountTmpfs, mountTmpfs, type Volume } from '#test/tmpfs.ts';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import {
  cleanFileName,
  downloadDisposition,
  getAttachmentForViewer,
  listAttachments,
  MAX_ATTACHMENT_BYTES,
  sniffFile,
  storeUploads,
} from './attachments.ts';
import { createTicket } from './tickets.ts';
import { addMessage } from './workflow.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n');
const file = (name: string, bytes: Uint8Array | string) =>
  new File([typeof bytes === 'string' ? new TextEncoder().encode(bytes) : new Uint8Array(bytes)], name);

describe('checking files by their content', () => {
  it.each([
    ['screenshot.png', PNG, 'image/png'],
    ['scan.PDF', PDF, 'application/pdf'],
    ['photo.jpeg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0]), 'image/jpeg'],
    [
      'vpn.log',
      new TextEncoder().encode('2026-11-22 10:00 ERROR 809 – Verbindung fehlgeschlagen ✓\n'),
      'text/plain; charset=utf-8',
    ],
  ])('accepts %s as %s', (name, bytes, type) => {
    expect(sniffFile(name, bytes)).toEqual({ mediaType: type });
  });

  it.each([
    ['invoice.pdf', new TextEncoder().encode('<html><script>alert(1)</script>'), 'is not a PDF'],
    ['photo.png', PDF, 'is a PDF, not a PNG image'],
    ['page.html', new TextEncoder().encode('<html></html>'), 'not a kind of file we accept'],
    ['drawing.svg', new TextEncoder().encode('<svg onload="alert(1)"/>'), 'not a kind of file we accept'],
    ['setup.exe', new Uint8Array([0x4d, 0x5a, 0x90, 0]), 'not a kind of file we accept'],
    ['dump.log', new Uint8Array([0x41, 0x00, 0x42]), 'contains binary data'],
    ['latin1.txt', new Uint8Array([0x66, 0xfc, 0x72]), 'contains binary data'],
  ])('refuses %s', (name, bytes, message) => {
    const result = sniffFile(name, bytes);
    expect('error' in result && result.error).toContain(message);
  });

  it('keeps names to show and download, never folders or control characters', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\anna\\Desktop\\Fehler Übersicht.png')).toBe('Fehler Übersicht.png');
    expect(cleanFileName('..\u0000\u001b.png')).toBe('png');
    expect(cleanFileName('')).toBe('attachment');
    expect(cleanFileName(`${'a'.repeat(300)}.log`)).toHaveLength(150);
    expect(downloadDisposition('Fehler "neu".png')).toBe(
      `attachment; filename="Fehler _neu_.png"; filename*=UTF-8''Fehler%20%22neu%22.png`,
    );
  });
});

describe('storing the files of a message', () => {
  it('writes accepted files under DATA_DIR with generated names, and nothing when one file is refused', async () => {
    const dataDir = tempDir();
    const ok = await storeUploads(dataDir, [
      file('../../shot.png', PNG),
      file('vpn.log', 'error 809'),
      new File([], ''),
    ]);
    expect(ok.ok).toBe(true);
    if (!ok.ok) return;
    expect(ok.files.map((f) => f.fileName)).toEqual(['shot.png', 'vpn.log']);
    for (const f of ok.files) {
      expect(f.storedName).toMatch(/^[0-9a-f-]{36}\.(png|txt)$/);
      expect(fs.existsSync(path.join(dataDir, 'attachments', f.storedName))).toBe(true);
    }
    const before = fs.readdirSync(path.join(dataDir, 'attachments')).length;
    const refused = await storeUploads(dataDir, [file('a.png', PNG), file('b.pdf', 'not a pdf')]);
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('"b.pdf" is not a PDF') });
    expect(fs.readdirSync(path.join(dataDir, 'attachments'))).toHaveLength(before);
  });

  it('keeps them readable by the portal only: files 0600 in a 0700 folder, no temporary file left', async () => {
    const dataDir = tempDir();
    const ok = await storeUploads(dataDir, [file('shot.png', PNG), file('vpn.log', 'error 809')]);
    const folder = path.join(dataDir, 'attachments');
    expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    expect(ok.ok && ok.files.map((f) => f.storedName).sort()).toEqual(fs.readdirSync(folder).sort());
    for (const name of fs.readdirSync(folder))
      expect(fs.statSync(path.join(folder, name)).mode & 0o777).toBe(0o600);
  });

  it('refuses a sixth file, a file over 10 MB and an empty file with a sentence', async () => {
    const dataDir = tempDir();
    expect(
      await storeUploads(
        dataDir,
        Array.from({ length: 6 }, (_, i) => file(`${i}.png`, PNG)),
      ),
    ).toMatchObject({ ok: false, error: expect.stringContaining('at most 5 files') });
    const big = await storeUploads(dataDir, [file('big.log', 'x'.repeat(MAX_ATTACHMENT_BYTES + 1))]);
    expect(big).toMatchObject({
      ok: false,
      error: expect.stringContaining('is 10.0 MB; files are limited to 10 MB'),
    });
    // The person reads it in their language, the size written their way.
    expect(!big.ok && translate('de', big.said.key, big.said.values)).toContain('„big.log“ ist 10,0 MB groß');
    expect(await storeUploads(dataDir, [file('empty.txt', '')])).toMatchObject({
      ok: false,
      error: '"empty.txt" is empty.',
      said: { key: 'help.fileEmpty', values: { name: 'empty.txt' } },
    });
    expect(fs.existsSync(path.join(dataDir, 'attachments'))).toBe(false);
  });
});

describe.skipIf(!canMountTmpfs)('storing files on a disk that fills up (a tmpfs)', () => {
  let volume: Volume | undefined;
  afterEach(() => volume?.unmount());

  it('leaves no half-written .part file and none of the message’s other files', async () => {
    volume = mountTmpfs('1m');
    fs.mkdirSync(path.join(volume.dir, 'attachments'));
    volume.fill(300 * 1024);
    // The first file fits, the second does not: the disk fills half-way through writing it.
    const log = (name: string) =>
      file(name, `${'2026-11-22 10:00 ERROR 809 VPN connection failed\n'.repeat(4000)}`);
    await expect(storeUploads(volume.dir, [log('first.log'), log('second.log')])).rejects.toMatchObject({
      code: 'ENOSPC',
    });
    expect(fs.readdirSync(path.join(volume.dir, 'attachments'))).toEqual([]);
  });
});

describe('who may download', () => {
  it('the requester and agents; nobody else, and requesters never files on internal notes', async () => {
    const db = testDatabase();
    const dataDir = tempDir();
    const erin = toPrincipal(
      await createUser(db, {
        email: 'erin@example.com',
        displayName: 'Erin',
        roles: ['employee'],
        password: 'quiet river stones 9',
      }),
    );
    const mallory = toPrincipal(
      await createUser(db, {
        email: 'mallory@example.com',
        displayName: 'Mallory',
        roles: ['employee'],
        password: 'quiet river stones 9',
      }),
    );
    const alex = toPrincipal(
      await createUser(db, {
        email: 'alex@example.com',
        displayName: 'Alex',
        roles: ['agent'],
        agentTier: 1,
        password: 'quiet river stones 9',
      }),
    );
    const filed = await storeUploads(dataDir, [file('error.png', PNG)]);
    const noted = await storeUploads(dataDir, [file('gateway.log', 'internal gateway 10.0.0.1')]);
    if (!filed.ok || !noted.ok) throw new Error('upload refused');
    const { ticket } = createTicket(
      db,
      erin.id,
      { subject: 'VPN down', description: 'see screenshot' },
      { files: filed.files },
    );
    addMessage(db, ticket.id, alex, 'gateway log', true, noted.files);

    const all = listAttachments(db, ticket.id, { includeInternal: true });
    expect(all.map((a) => [a.fileName, a.eventId === null, a.internal])).toEqual([
      ['error.png', true, false],
      ['gateway.log', false, true],
    ]);
    expect(listAttachments(db, ticket.id, { includeInternal: false }).map((a) => a.fileName)).toEqual([
      'error.png',
    ]);
    const [shot, log] = all;
    expect(getAttachmentForViewer(db, dataDir, shot!.id, erin)?.mediaType).toBe('image/png');
    expect(getAttachmentForViewer(db, dataDir, shot!.id, alex)).not.toBeNull();
    expect(getAttachmentForViewer(db, dataDir, shot!.id, mallory)).toBeNull();
    expect(getAttachmentForViewer(db, dataDir, log!.id, erin)).toBeNull();
    expect(getAttachmentForViewer(db, dataDir, log!.id, alex)?.fileName).toBe('gateway.log');
  });
});
