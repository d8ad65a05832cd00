import { describe, expect, it } from 'vitest';
import type { Incident } from './incidents.ts';
import { matchIncidents } from './matching.ts';

const incident = (id: number, title: string, service: string): Incident => ({
  id,
  title,
  service,
  message: 'We are on it.',
  status: 'investigating',
  declaredAt: '2026-11-30T08:00:00.000Z',
  resolvedAt: null,
  closingNote: null,
  affected: 0,
  tickets: 0,
});
const outlook = incident(1, 'Outlook is down', 'Email');
const vpn = incident(2, 'VPN outage', 'Remote access');
const printers = incident(3, 'Printers on floor 3 not working', 'Printing');

describe('matching a request to open incidents', () => {
  it('finds the incident a request names, in any form and language the suggestions understand', () => {
    expect(matchIncidents([outlook, vpn, printers], "outlook won't open since 9").map((i) => i.id)).toEqual([
      1,
    ]);
    expect(
      matchIncidents([outlook, vpn, printers], 'cannot connect to the vpn from home').map((i) => i.id),
    ).toEqual([2]);
    expect(matchIncidents([outlook, vpn, printers], 'my printer shows offline').map((i) => i.id)).toEqual([
      3,
    ]);
    expect(matchIncidents([outlook, vpn, printers], 'Der Drucker druckt nicht').map((i) => i.id)).toEqual([
      3,
    ]);
  });

  it('does not tie a request to an incident by words that only say something is wrong', () => {
    expect(matchIncidents([outlook, vpn, printers], 'my laptop is down and not working')).toEqual([]);
    expect(matchIncidents([outlook, vpn, printers], 'cannot open teams')).toEqual([]);
    expect(matchIncidents([], 'outlook is down')).toEqual([]);
    expect(matchIncidents([outlook], '   ')).toEqual([]);
  });
});
