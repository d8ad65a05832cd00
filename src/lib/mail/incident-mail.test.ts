import { afterEach, describe, expect, it } from 'vitest';
import { saveLocale } from '#lib/auth/users.ts';
import {
  declareIncident,
  markAffected,
  postIncidentUpdate,
  resolveIncident,
} from '#lib/incidents/incidents.ts';
import { deskWithPeople } from '#test/desk.ts';
import { startSmtpSink, type SmtpSink } from '#test/smtp-sink.ts';
import { startMailDrain } from './drain.ts';
import { listMailTo } from './outbox.ts';
import { queueNotificationMails } from './notification-mail.ts';
import { optOutOfMail } from './preferences.ts';

const settings = { from: 'IT Desk <desk@example.test>', publicUrl: 'https://help.example.test' };
let sink: SmtpSink | undefined;
afterEach(async () => {
  await sink?.close();
  sink = undefined;
});

const vpn = {
  title: 'VPN drops every few minutes',
  service: 'Remote access',
  message: 'We are looking into it.',
  status: 'investigating' as const,
};

describe('major-incident notices by mail', () => {
  it('mails every affected person each update and the resolution, in their language, threaded per incident', async () => {
    const { db, alex, erin, bo } = await deskWithPeople();
    saveLocale(db, erin.id, 'de');
    const id = declareIncident(db, alex, vpn);
    markAffected(db, id, erin.id);
    markAffected(db, id, bo.id);
    // The update and the resolution in the same millisecond: each mail still says which it is about.
    const now = new Date();
    postIncidentUpdate(
      db,
      alex,
      id,
      { status: 'identified', message: 'Das Gateway wird neu gestartet.' },
      now,
    );
    resolveIncident(db, alex, id, { note: 'Gateway replaced; reconnect once.' }, now);
    expect(queueNotificationMails(db, settings)).toBe(4);
    expect(queueNotificationMails(db, settings)).toBe(0);

    sink = await startSmtpSink();
    const drain = startMailDrain(db, { smtpUrl: sink.url, from: settings.from, intervalMs: 60_000 });
    await drain.runOnce();
    await drain.stop();
    const received = await sink.waitFor(4);
    const toErin = received.filter((m) => JSON.stringify(m.to).includes('erin@example.com'));
    expect(toErin.map((m) => m.subject).sort()).toEqual([
      'Behoben: VPN drops every few minutes',
      'Größere Störung: VPN drops every few minutes (Ursache gefunden)',
    ]);
    const update = toErin.find((m) => m.subject?.startsWith('Größere'))!;
    expect(update.text).toContain('Guten Tag Erin,');
    expect(update.text).toContain('> Das Gateway wird neu gestartet.');
    expect(update.text).toContain(`${settings.publicUrl}/incidents/${id}`);
    expect(update.text).toContain('weil Sie von dieser Störung betroffen sind');
    const resolved = received.find(
      (m) => JSON.stringify(m.to).includes('bo@example.com') && m.subject?.startsWith('Resolved'),
    )!;
    expect(resolved.text).toContain('The major incident "VPN drops every few minutes" was resolved on');
    expect(resolved.text).toContain('> Gateway replaced; reconnect once.');
    expect(resolved.inReplyTo).toBe(`<incident-${id}@example.test>`);
  });

  it('respects a person who turned incident updates off, and still tells them of the resolution', async () => {
    const { db, alex, erin } = await deskWithPeople();
    const id = declareIncident(db, alex, vpn);
    markAffected(db, id, erin.id);
    optOutOfMail(db, erin.id, 'incident_update');
    postIncidentUpdate(db, alex, id, { status: 'monitoring', message: 'Fixed, watching.' });
    resolveIncident(db, alex, id, { note: 'Done.' });
    expect(queueNotificationMails(db, settings)).toBe(1);
    expect(listMailTo(db, 'erin@example.com').map((m) => [m.kind, m.subject])).toEqual([
      ['incident_resolved', 'Resolved: VPN drops every few minutes'],
    ]);
  });
});
