import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchIcal } from './sla-calendars.ts';

const ICS =
  'BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';

/** A real HTTP server: one address per behaviour an admin's calendar address could have. */
let server: http.Server;
let base = '';
let bytesSentByEndless = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/holidays.ics') {
      res.writeHead(200, { 'content-type': 'text/calendar' });
      res.end(ICS);
    } else if (req.url === '/moved') {
      res.writeHead(302, { location: '/holidays.ics' });
      res.end();
    } else if (req.url === '/endless') {
      // Chunked, no length: the client must stop reading on its own.
      res.writeHead(200, { 'content-type': 'text/calendar' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const push = () => {
        while (!res.destroyed && bytesSentByEndless < 50_000_000) {
          bytesSentByEndless += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', push);
        }
        res.end();
      };
      push();
    } else if (req.url === '/says-small') {
      res.writeHead(200, { 'content-type': 'text/calendar', 'content-length': '3000000' });
      res.end(Buffer.alloc(3_000_000, 'x'));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fetching an iCal address', () => {
  it('reads a calendar, also behind a redirect', async () => {
    expect(await fetchIcal(`${base}/holidays.ics`)).toEqual({ ok: true, text: ICS });
    expect(await fetchIcal(`${base}/moved`)).toEqual({ ok: true, text: ICS });
  });

  it('stops reading a body with no length past 2 MB, without downloading the rest', async () => {
    const fetched = await fetchIcal(`${base}/endless`);
    expect(fetched).toMatchObject({ ok: false, error: { key: 'admin.icalTooLarge' } });
    // The server could send 50 MB; the client hung up after a little more than the limit (plus buffers).
    expect(bytesSentByEndless).toBeLessThan(20_000_000);
  });

  it('refuses a declared length over the limit, a failing status and anything but http(s)', async () => {
    expect(await fetchIcal(`${base}/says-small`)).toMatchObject({
      ok: false,
      error: { key: 'admin.icalTooLarge' },
    });
    expect(await fetchIcal(`${base}/missing`)).toMatchObject({
      ok: false,
      error: { key: 'admin.icalStatus', values: { status: 404 } },
    });
    expect(await fetchIcal('file:///etc/passwd')).toMatchObject({
      ok: false,
      error: { key: 'admin.icalUseHttp' },
    });
  });
});
