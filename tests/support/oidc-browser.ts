// A scripted browser for the test provider's sign-in page: follows redirects by hand and keeps cookies,
// and stops at the redirect back to the relying party (whose callback the test then calls itself).

/** Signs in at the provider from an authorization URL; resolves to the callback URL it redirects to. */
export async function signInAtProvider(
  authorizationUrl: string,
  credentials: { username: string; password: string },
  redirectUri: string,
  jar: Map<string, string> = new Map(),
): Promise<URL> {
  let url = new URL(authorizationUrl);
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 12; hop++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      body,
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.href.startsWith(redirectUri)) return next;
      url = next;
      continue;
    }
    const html = await response.text();
    if (response.status === 200 && html.includes('name="password"')) {
      const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
      if (!action) throw new Error('no sign-in form');
      url = new URL(action, url);
      body = new URLSearchParams({ login: credentials.username, password: credentials.password });
      continue;
    }
    throw new Error(`the provider answered ${response.status}: ${html.slice(0, 500)}`);
  }
  throw new Error('too many redirects at the provider');
}
