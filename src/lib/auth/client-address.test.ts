import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseTrustProxy } from '#lib/config/config.ts';
import { normalizeAddress, resolveClientAddress } from './client-address.ts';

const none = parseTrustProxy(undefined);

describe('TRUST_PROXY', () => {
  it('trusts nobody unless told: X-Forwarded-For is ignored by default', () => {
    expect(parseConfig({}).trustProxy).toEqual({ kind: 'none' });
    expect(parseTrustProxy('')).toEqual({ kind: 'none' });
    expect(parseTrustProxy('false')).toEqual({ kind: 'none' });
    expect(parseTrustProxy('0')).toEqual({ kind: 'none' });
    expect(resolveClientAddress('203.0.113.5', '10.9.9.9', none)).toBe('203.0.113.5');
  });

  it('reads a number of proxies, or their addresses and CIDRs', () => {
    expect(parseConfig({ TRUST_PROXY: '2' }).trustProxy).toEqual({ kind: 'hops', hops: 2 });
    expect(parseTrustProxy(' loopback, 10.0.0.0/8 ,2001:db8::/32,192.0.2.1')).toEqual({
      kind: 'proxies',
      proxies: [
        { address: '127.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: '2001:db8::', prefix: 32, family: 'ipv6' },
        { address: '192.0.2.1', prefix: 32, family: 'ipv4' },
      ],
    });
  });

  it('refuses what it cannot read, and "true", with the fix', () => {
    expect(() => parseConfig({ TRUST_PROXY: 'true' })).toThrow(ConfigError);
    expect(() => parseTrustProxy('true')).toThrow(/any client choose its own address.*Set TRUST_PROXY/);
    expect(() => parseTrustProxy('proxy.internal')).toThrow(/"proxy.internal" is not an IP address/);
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/not an IP address, a CIDR/);
    expect(() => parseTrustProxy('10.0.0.0/x')).toThrow(ConfigError);
    expect(() => parseTrustProxy('50')).toThrow(/more than any setup/);
  });
});

describe('resolveClientAddress', () => {
  it('with a number of proxies, takes the address the outermost trusted proxy saw', () => {
    const one = parseTrustProxy('1');
    // The client wrote "1.1.1.1" itself; the proxy appended the address it saw.
    expect(resolveClientAddress('10.0.0.2', '1.1.1.1, 198.51.100.7', one)).toBe('198.51.100.7');
    expect(resolveClientAddress('10.0.0.2', null, one)).toBe('10.0.0.2');
    const two = parseTrustProxy('2');
    expect(resolveClientAddress('10.0.0.2', '1.1.1.1, 198.51.100.7, 10.0.0.1', two)).toBe('198.51.100.7');
    // Fewer entries than proxies: the left-most one is the best there is.
    expect(resolveClientAddress('10.0.0.2', '198.51.100.7', two)).toBe('198.51.100.7');
  });

  it('with proxy addresses, walks from the right past the trusted ones only', () => {
    const trust = parseTrustProxy('loopback,10.0.0.0/8');
    expect(resolveClientAddress('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3', trust)).toBe('198.51.100.7');
    // A peer that is not a trusted proxy is the client, whatever it claims.
    expect(resolveClientAddress('203.0.113.9', '10.1.1.1', trust)).toBe('203.0.113.9');
    // Dual-stack sockets report IPv4 peers as IPv4-mapped IPv6.
    expect(resolveClientAddress('::ffff:127.0.0.1', '198.51.100.7', trust)).toBe('198.51.100.7');
    expect(resolveClientAddress('::1', '2001:DB8::7', trust)).toBe('2001:db8::7');
  });

  it('stops at a malformed entry: the proxy that passed it on is the best known address', () => {
    const trust = parseTrustProxy('loopback,10.0.0.0/8');
    expect(resolveClientAddress('127.0.0.1', 'unknown, 10.0.0.5', trust)).toBe('10.0.0.5');
    expect(resolveClientAddress('127.0.0.1', '<script>', trust)).toBe('127.0.0.1');
  });

  it('reads the spellings proxies use', () => {
    expect(normalizeAddress('[2001:db8::1]:443')).toBe('2001:db8::1');
    expect(normalizeAddress('198.51.100.7:5123')).toBe('198.51.100.7');
    expect(normalizeAddress('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(normalizeAddress('not an address')).toBeNull();
  });
});

describe('the client address in pages and controllers', () => {
  it('comes from locals (resolved by the middleware), never from Astro.clientAddress directly', async () => {
    const eslint = new ESLint();
    const lint = async (filePath: string, code: string) =>
      (await eslint.lintText(code, { filePath }))[0]!.messages
        .filter((m) => m.ruleId === 'no-restricted-syntax')
        .map((m) => m.message);
    const page = (line: string) => `---\nconst planted = ${line};\n---\n<p>{String(planted)}</p>\n`;
    expect((await lint('src/pages/planted.astro', page('Astro.clientAddress'))).join()).toMatch(
      /locals\.clientAddress/,
    );
    expect(await lint('src/pages/planted.astro', page('Astro.locals.clientAddress'))).toEqual([]);
    const route = 'export const POST = ({ clientAddress }: { clientAddress: string }) => clientAddress;\n';
    expect((await lint('src/pages/planted.ts', route)).join()).toMatch(/TRUST_PROXY/);
    const controller = 'export const f = (c: { clientAddress: string }) => c.clientAddress;\n';
    expect((await lint('src/lib/web/planted.ts', controller)).join()).toMatch(/TRUST_PROXY/);
  });
});
