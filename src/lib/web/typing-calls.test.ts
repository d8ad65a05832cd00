import { describe, expect, it } from 'vitest';
import { cookieJar } from './typing-calls.ts';

// The rest of typing-calls.ts is compared with Astro's answers in tests/reliability/typing-calls.test.ts.
describe('cookieJar reads the Cookie header as Astro does', () => {
  it('finds each cookie by name, the first of a repeated one', () => {
    const jar = cookieJar('fixpoint_session=abc; locale=de;tz=Europe%2FRome; locale=it');
    expect(jar.get('fixpoint_session')).toEqual({ value: 'abc' });
    expect(jar.get('locale')).toEqual({ value: 'de' });
    expect(jar.get('tz')).toEqual({ value: 'Europe/Rome' });
    expect(jar.get('missing')).toBeUndefined();
  });

  it('drops quotes, keeps an undecodable value as sent, and skips parts without a name', () => {
    const jar = cookieJar('a="quoted"; b=100%; =nameless; flag; c=');
    expect(jar.get('a')).toEqual({ value: 'quoted' });
    expect(jar.get('b')).toEqual({ value: '100%' });
    expect(jar.get('flag')).toBeUndefined();
    expect(jar.get('c')).toEqual({ value: '' });
    expect(cookieJar(undefined).get('a')).toBeUndefined();
  });
});
