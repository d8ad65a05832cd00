import net from 'node:net';
import type { TrustProxy } from '#lib/config/config.ts';

/**
 * An address as one spelling: IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a dual-stack socket reports)
 * becomes the IPv4 address, brackets and an IPv4 port (`192.0.2.1:5000`, `[2001:db8::1]`) are dropped.
 * Null when what remains is not an IP address.
 */
export function normalizeAddress(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) text = mapped[1]!;
  const version = net.isIP(text);
  if (version === 0) return null;
  return version === 6 ? text.toLowerCase() : text;
}

const blockLists = new WeakMap<TrustProxy, net.BlockList>();

function trustedProxies(trust: Extract<TrustProxy, { kind: 'proxies' }>): net.BlockList {
  let list = blockLists.get(trust);
  if (!list) {
    list = new net.BlockList();
    for (const p of trust.proxies) list.addSubnet(p.address, p.prefix, p.family);
    blockLists.set(trust, list);
  }
  return list;
}

/** Whether the hop `index` places from this server (0 = the connection's peer) may name the one before it. */
function isTrusted(trust: TrustProxy, address: string, index: number): boolean {
  if (trust.kind === 'none') return false;
  if (trust.kind === 'hops') return index < trust.hops;
  return trustedProxies(trust).check(address, net.isIPv6(address) ? 'ipv6' : 'ipv4');
}

/**
 * The client's address: the connection's peer, unless TRUST_PROXY says the peer is a proxy; then
 * X-Forwarded-For is read from the right (each trusted proxy appends the address it saw), and the
 * first hop that is not trusted is the client. Entries left of it were written by the client itself
 * and are never believed. A malformed entry ends the walk at the proxy that passed it on.
 */
export function resolveClientAddress(peer: string, forwardedFor: string | null, trust: TrustProxy): string {
  const first = normalizeAddress(peer) ?? peer;
  if (trust.kind === 'none' || !forwardedFor) return first;
  const hops = forwardedFor.split(',').reverse();
  let client = first;
  for (let index = 0; index <= hops.length; index++) {
    if (!isTrusted(trust, client, index)) return client;
    const next = index < hops.length ? normalizeAddress(hops[index]!) : null;
    if (!next) return client;
    client = next;
  }
  return client;
}
