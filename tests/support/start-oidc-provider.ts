// The test OpenID provider as a process, for Playwright's webServer list (playwright.config.ts):
// OIDC_TEST_PORT, OIDC_TEST_USERS_DIR (JSON files of users, re-read at every sign-in), OIDC_TEST_CLIENT_ID,
// OIDC_TEST_CLIENT_SECRET and OIDC_TEST_PORTALS (the portals' base URLs, comma-separated).
import { startTestProvider } from './oidc-provider.ts';

const env = process.env;
const portals = (env.OIDC_TEST_PORTALS ?? '').split(',').filter(Boolean);
const provider = await startTestProvider({
  port: Number(env.OIDC_TEST_PORT),
  usersDir: env.OIDC_TEST_USERS_DIR,
  clients: [
    {
      clientId: env.OIDC_TEST_CLIENT_ID ?? 'fixpoint-e2e',
      clientSecret: env.OIDC_TEST_CLIENT_SECRET ?? 'e2e-secret-123',
      redirectUris: portals.map((base) => `${base}/login/sso/callback`),
      postLogoutRedirectUris: portals.map((base) => `${base}/login?signedout=1`),
    },
  ],
});
console.log(`test OpenID provider at ${provider.issuer}`);
const stop = () => void provider.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
