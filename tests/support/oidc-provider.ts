// A real OpenID provider for tests: panva's oidc-provider (OpenID-certified) on a local port, with
// test users and their groups, its own sign-in page, key rotation, and switches that make it slow or
// make its token endpoint answer with a doctored ID token (what an attacker in the middle would send).
import { createPrivateKey, generateKeyPairSync, randomBytes, sign, type JsonWebKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';

/** A person at the provider; the key of the users map is the username typed on its sign-in page. */
export type TestIdpUser = {
  password: string;
  email: string;
  emailVerified: boolean;
  name: string;
  groups: string[];
  locale?: string;
};

export type TestClient = {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
};

type SigningKey = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

/** What a doctored token response carries instead of the provider's ID token. */
export type Tamper = (idToken: { header: Record<string, unknown>; payload: Record<string, unknown> }) => {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** provider: its current key; unknown: a key it never published; none: no signature (alg none). */
  signWith: 'provider' | 'unknown' | 'none';
};

export type TestProvider = {
  issuer: string;
  port: number;
  /** Milliseconds every request waits before the provider answers (a slow provider). */
  delayMs: number;
  /** Set to doctor the next token responses' ID token; null answers honestly. */
  tamper: Tamper | null;
  /** Replaces the users (also read from usersFile on every sign-in when one was given). */
  setUsers(users: Record<string, TestIdpUser>): void;
  /** A new signing key: signs from now on; the old one stays published beside it (or is dropped). */
  rotateKeys(options?: { keepOld?: boolean }): Promise<void>;
  /** The key id the provider signs with now. */
  currentKid(): string;
  close(): Promise<void>;
};

function newSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: 'jwk' }) as JsonWebKey),
    kid: `k-${randomBytes(6).toString('hex')}`,
    alg: 'RS256',
    use: 'sig',
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: SigningKey | null,
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  if (!key) return `${input}.`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey({ key, format: 'jwk' }));
  return `${input}.${signature.toString('base64url')}`;
}

function decodeJwt(jwt: string) {
  const [h = '', p = ''] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString()) as Record<string, unknown>,
    payload: JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>,
  };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:3rem auto;padding:0 1rem}label,input,button{display:block;width:100%;margin:.3rem 0}input,button{padding:.5rem;font-size:1rem}button{background:#1f4fd1;color:#fff;border:0;border-radius:6px}</style></head>
<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
}

function readBody(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => resolve(new URLSearchParams(text)));
    req.on('error', reject);
  });
}

/** Starts the provider on `port` (0: any free port). */
export async function startTestProvider(options: {
  port?: number;
  clients: TestClient[];
  users?: Record<string, TestIdpUser>;
  /**
   * A folder of JSON files, each mapping usernames to users, read at every sign-in: e2e tests running
   * in parallel each write their own file, and change a person's groups by rewriting it.
   */
  usersDir?: string;
}): Promise<TestProvider> {
  let users: Record<string, TestIdpUser> = options.users ?? {};
  const currentUsers = (): Record<string, TestIdpUser> => {
    const dir = options.usersDir;
    if (!dir || !fs.existsSync(dir)) return users;
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
    return Object.assign(
      { ...users },
      ...files.map(
        (f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, TestIdpUser>,
      ),
    );
  };
  let keys: SigningKey[] = [newSigningKey()];
  const unknownKey = newSigningKey();
  let provider: Provider;
  const cookieKeys = [randomBytes(32).toString('hex')];

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://localhost:${port}`;

  const build = () => {
    const configuration: Configuration = {
      clients: options.clients.map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        redirect_uris: c.redirectUris,
        post_logout_redirect_uris: c.postLogoutRedirectUris ?? [],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      })),
      jwks: { keys: keys.map((k) => ({ ...k })) as never },
      cookies: { keys: cookieKeys },
      // The groups claim goes into the ID token, as Entra ID and Okta put it there.
      conformIdTokenClaims: false,
      scopes: ['openid', 'email', 'profile', 'groups'],
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'locale', 'preferred_username'],
        groups: ['groups'],
      },
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx, form) => {
            ctx.body = page(
              'Sign out of the test provider?',
              `${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>`,
            );
          },
        },
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx, id) => {
        const user = currentUsers()[id];
        if (!user) return undefined;
        return {
          accountId: id,
          claims: () => ({
            sub: id,
            email: user.email,
            email_verified: user.emailVerified,
            name: user.name,
            preferred_username: id,
            locale: user.locale,
            groups: user.groups,
          }),
        };
      },
      // First-party client: no consent screen.
      loadExistingGrant: async (ctx) => {
        const grantId =
          ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
        if (grantId) {
          const found = await ctx.oidc.provider.Grant.find(grantId);
          if (found) return found;
        }
        const grant = new ctx.oidc.provider.Grant({
          clientId: ctx.oidc.client!.clientId,
          accountId: ctx.oidc.session!.accountId,
        });
        grant.addOIDCScope('openid email profile groups');
        await grant.save();
        return grant;
      },
      renderError: async (ctx, out) => {
        ctx.type = 'html';
        ctx.body = page('The test provider refused', `<pre>${escape(JSON.stringify(out, null, 2))}</pre>`);
      },
      ttl: {
        Session: 3600,
        Interaction: 600,
        AuthorizationCode: 60,
        IdToken: 3600,
        AccessToken: 3600,
        Grant: 3600,
      },
    };
    const built = new Provider(issuer, configuration);
    built.on('server_error', (_ctx, error) => console.error('test provider error', error));
    return built;
  };
  provider = build();

  const state: Pick<TestProvider, 'delayMs' | 'tamper'> = { delayMs: 0, tamper: null };

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    const show = (error = '') => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        page(
          'Sign in to the test provider',
          `${error ? `<p role="alert">${escape(error)}</p>` : ''}<form method="post" action="/interaction/${details.uid}">
<label for="login">Username</label><input id="login" name="login" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>`,
        ),
      );
    };
    if (req.method !== 'POST') return show();
    const form = await readBody(req);
    const login = form.get('login') ?? '';
    const user = currentUsers()[login];
    if (!user || user.password !== form.get('password')) {
      res.statusCode = 401;
      return show('Wrong username or password.');
    }
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: login } },
      { mergeWithLastSubmission: false },
    );
  }

  function doctorTokenResponse(res: http.ServerResponse, tamper: Tamper): void {
    const chunks: Buffer[] = [];
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = ((chunk: unknown) => {
      if (chunk) chunks.push(Buffer.from(chunk as Buffer));
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown) => {
      if (chunk && typeof chunk !== 'function') chunks.push(Buffer.from(chunk as Buffer));
      let body = Buffer.concat(chunks);
      try {
        const json = JSON.parse(body.toString()) as { id_token?: string };
        if (json.id_token) {
          const changed = tamper(decodeJwt(json.id_token));
          const key =
            changed.signWith === 'none' ? null : changed.signWith === 'unknown' ? unknownKey : keys[0]!;
          const header = key ? { ...changed.header, alg: 'RS256', kid: key.kid } : changed.header;
          json.id_token = signJwt(header, changed.payload, key);
          body = Buffer.from(JSON.stringify(json));
        }
      } catch {
        // Not JSON (an error page): passed on as it was.
      }
      if (!res.headersSent) res.setHeader('content-length', body.length);
      void write;
      return end(body);
    }) as typeof res.end;
  }

  server.on('request', (req, res) => {
    void (async () => {
      if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
      try {
        if (req.url?.startsWith('/interaction/')) return await interaction(req, res);
        if (state.tamper && req.method === 'POST' && req.url?.startsWith('/token'))
          doctorTokenResponse(res, state.tamper);
        provider.callback()(req, res);
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
    })();
  });

  return {
    issuer,
    port,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    get tamper() {
      return state.tamper;
    },
    set tamper(t: Tamper | null) {
      state.tamper = t;
    },
    setUsers(next) {
      users = next;
    },
    async rotateKeys({ keepOld = true } = {}) {
      keys = keepOld ? [newSigningKey(), ...keys] : [newSigningKey()];
      provider = build();
    },
    currentKid: () => keys[0]!.kid,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
