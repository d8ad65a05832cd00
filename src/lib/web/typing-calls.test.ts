import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cookieJar } from './typing-calls.ts';

// The rest of typing-calls.ts is compared with Astro's answers in tests/reliability/typing-calls.test.ts.
describe('cookieJar reads the Cookie header as Astro does', () => {
  const HEADERS = [
    'fixpoint_session=abc; locale=de;tz=Europe%2FRome; locale=it',
    'fixpoint_session="quoted"; locale= de ',
    'a=100%; b=%E0%A4%A; =nameless; flag; c=; d=\u00a0x',
    ';;fixpoint_session=x=y; locale=it;',
    'x',
    '',
  ];
  const NAMES = ['fixpoint_session', 'locale', 'tz', 'a', 'b', 'c', 'd', 'flag', 'missing'];

  it('gives every value Astro.cookies.get gives, for every name', async () => {
    // Astro does not export its cookie class; the test reads it from the installed package.
    const { AstroCookies } = (await import(
      pathToFileURL(path.resolve('node_modules/astro/dist/core/cookies/cookies.js')).href
    )) as { AstroCookies: new (request: Request) => { get(name: string): { value: string } | undefined } };
    for (const header of HEADERS) {
      const astro = new AstroCookies(new Request('http://localhost/', { headers: { cookie: header } }));
      const ours = cookieJar(header);
      for (const name of NAMES)
        expect([header, name, ours.get(name)?.value]).toEqual([header, name, astro.get(name)?.value]);
    }
    expect(cookieJar(undefined).get('locale')).toBeUndefined();
    expect(cookieJar(HEADERS[0]).get('tz')).toEqual({ value: 'Europe/Rome' });
  });
});
