// Single sign-on costs against a real OpenID provider on this machine (tests/support/oidc-provider.ts):
// the callback's own work (code exchange, ID-token signature and claims, account, roles, session) and
// the whole round trip (leaving, the provider's sign-in page, the callback). `npm run bench` prints
// them as rows; alone: node_modules/.bin/node scripts/bench/sso.ts [--runs 50]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { beginSsoSignIn, completeSsoSignIn } from '#lib/auth/sso.ts';
import { parseRoleMap, type OidcConfig } from '#lib/config/config.ts';
import { getDatabase } from '#lib/db/db.ts';
import { signInAtProvider } from '#test/oidc-browser.ts';
import { startTestProvider } from '#test/oidc-provider.ts';
import { percentile } from './percentile.ts';

export type SsoBench = { callbackMedianMs: number; callbackP95Ms: number; roundTripMedianMs: number };

/** `runs` sign-ins of one person (the first creates the account; the rest find it by subject). */
export async function measureSsoSignIn(runs = 50): Promise<SsoBench> {
  const redirectUri = 'http://localhost:4390/login/sso/callback';
  const provider = await startTestProvider({
    clients: [{ clientId: 'bench', clientSecret: 'bench-secret-123', redirectUris: [redirectUri] }],
    users: {
      bench: {
        password: 'bench-pw',
        email: 'bench@corp.example',
        emailVerified: true,
        name: 'Bench',
        groups: ['it-servicedesk-t1'],
      },
    },
  });
  const db = getDatabase(
    path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-bench-sso-')), 'fixpoint.db'),
  );
  const oidc: OidcConfig = {
    issuer: provider.issuer,
    clientId: 'bench',
    clientSecret: 'bench-secret-123',
    providerName: 'Bench ID',
    scopes: 'openid email profile groups',
    groupsClaim: 'groups',
    roleMap: parseRoleMap('{"it-servicedesk-t1": {"role": "agent", "tier": 1}}'),
    sessionMs: 12 * 3_600_000,
    timeoutSeconds: 5,
    redirectUri,
    postLogoutRedirectUri: 'http://localhost:4390/login?signedout=1',
  };
  const callbacks: number[] = [];
  const trips: number[] = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      const started = performance.now();
      const begun = await beginSsoSignIn(db, oidc, { nextPath: '/', address: '127.0.0.1' });
      if (!begun.ok) throw new Error(begun.reason);
      const callbackUrl = await signInAtProvider(
        begun.authorizationUrl,
        { username: 'bench', password: 'bench-pw' },
        redirectUri,
      );
      const t = performance.now();
      const outcome = await completeSsoSignIn(db, oidc, {
        callbackUrl,
        browserToken: begun.browserToken,
        address: '127.0.0.1',
      });
      if (!outcome.ok) throw new Error(outcome.reason);
      // The first run pays for discovery and the key set: measured from the second on.
      if (i === 0) continue;
      callbacks.push(performance.now() - t);
      trips.push(performance.now() - started);
    }
  } finally {
    await provider.close();
  }
  callbacks.sort((a, b) => a - b);
  trips.sort((a, b) => a - b);
  return {
    callbackMedianMs: percentile(callbacks, 50),
    callbackP95Ms: percentile(callbacks, 95),
    roundTripMedianMs: percentile(trips, 50),
  };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '50' } } });
  const result = await measureSsoSignIn(Number(values.runs));
  console.log(`| measure | value |\n| --- | --- |`);
  console.log(
    `| SSO callback (code exchange, ID-token signature, account, roles, session), median | ${result.callbackMedianMs.toFixed(1)} ms |`,
  );
  console.log(`| SSO callback, p95 | ${result.callbackP95Ms.toFixed(1)} ms |`);
  console.log(
    `| SSO round trip through the provider's sign-in page, median | ${result.roundTripMedianMs.toFixed(1)} ms |`,
  );
  process.exit(0);
}
