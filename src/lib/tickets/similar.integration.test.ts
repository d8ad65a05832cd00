import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { createSearchClient } from '#lib/search/client.ts';
import { findSimilarResolved, refreshTicketDocument, syncTicketIndex } from './similar.ts';
import { createTicket } from './tickets.ts';
import { changeStatus } from './workflow.ts';

// A real Meilisearch (tests/support/meilisearch-setup.ts), an index of its own.
const client = createSearchClient(inject('meili'), 10_000);
const uid = `test_${randomBytes(4).toString('hex')}_tickets`;
afterAll(async () => {
  await client.deleteIndex(uid).waitTask();
});

describe('similar resolved tickets', () => {
  it('finds resolved tickets about the same problem with their resolutions, never open ones or the ticket itself', async () => {
    const db = testDatabase();
    const erin = toPrincipal(
      await createUser(db, {
        email: 'erin@example.com',
        displayName: 'Erin',
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
    const file = (subject: string, description: string) =>
      createTicket(db, erin.id, { subject, description }).ticket;
    const resolve = (id: number, note: string) =>
      changeStatus(db, id, alex, 'resolved', { note, articles: ['vpn-cannot-connect'] });

    const vpn = file(
      'VPN keeps disconnecting',
      'GlobalProtect VPN drops every few minutes when working from home',
    );
    resolve(vpn.id, 'Updated the GlobalProtect client to 6.2 and switched the portal to the EU gateway.');
    const printer = file('Printer on floor 3 jams', 'The printer jams on every page');
    resolve(printer.id, 'Replaced the fuser unit.');
    const openVpn = file('VPN disconnects at home', 'VPN drops after a few minutes'); // not resolved: never suggested
    const reopened = file('VPN connection lost', 'VPN keeps dropping at home');
    resolve(reopened.id, 'Restarted the laptop.');
    changeStatus(db, reopened.id, erin, 'open', { note: 'still broken' });

    expect(await syncTicketIndex(db, client, uid, { wait: true })).toEqual({ sent: 3 });
    await refreshTicketDocument(db, reopened.id, client, uid);
    const {
      results: [latest],
    } = await client.tasks.getTasks({ indexUids: [uid], limit: 1 });
    await client.tasks.waitForTask(latest!.uid); // the refresh has landed

    const similar = await findSimilarResolved(
      db,
      { id: openVpn.id, subject: openVpn.subject, description: openVpn.description },
      { client, uid },
    );
    expect(similar?.map((s) => s.number)).toEqual([vpn.number]);
    expect(similar?.[0]).toMatchObject({
      subject: 'VPN keeps disconnecting',
      articles: ['vpn-cannot-connect'],
    });
    expect(similar?.[0]?.resolution).toContain('GlobalProtect client');

    const self = await findSimilarResolved(
      db,
      { id: vpn.id, subject: vpn.subject, description: vpn.description },
      { client, uid },
    );
    expect(self?.map((s) => s.number)).not.toContain(vpn.number);
  });

  it('answers null instead of failing when the engine is unreachable', async () => {
    const db = testDatabase();
    const down = createSearchClient({ url: 'http://127.0.0.1:9' }, 500);
    expect(
      await findSimilarResolved(db, { id: 1, subject: 'VPN down', description: '' }, { client: down, uid }),
    ).toBeNull();
  });
});
