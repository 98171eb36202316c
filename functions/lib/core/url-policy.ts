import ipaddr from 'ipaddr.js';
import { ForbiddenDestinationError } from './errors.js';

export interface NetworkPolicy {
  /** Lifts the internal-address refusal entirely (local fixtures only). */
  allowPrivateNetwork: boolean;
  /** `host:port` origins that may be private; every other internal destination stays refused. */
  allowPrivateOrigins: string[];
}

/**
 * Strips IPv6 brackets and reads the IPv4 address inside IPv4-mapped (`::ffff:7f00:1`) and the
 * deprecated IPv4-compatible (`::7f00:1`) forms, so they are judged as that IPv4 address.
 */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(bare)) return undefined;
  const parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return v6.toIPv4Address();
    const parts = v6.parts;
    if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || parts[7]! > 1)) {
      return ipaddr.fromByteArray(v6.toByteArray().slice(12)) as ipaddr.IPv4;
    }
  }
  return parsed;
}

/** The ipaddr.js range name of an internal address (`loopback`, `private`, `linkLocal`…), or undefined if public. */
export function internalRange(address: string): string | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return 'invalid';
  const range = parsed.range();
  return range === 'unicast' ? undefined : range;
}

export function isIpLiteral(host: string): boolean {
  return parseAddress(host) !== undefined;
}

function originOf(url: URL): string {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return `${url.hostname.replace(/^\[|\]$/g, '')}:${port}`.toLowerCase();
}

/** Refuses anything that is not http(s). Applies to the page, its redirects and its subresources. */
export function assertCapturableScheme(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ForbiddenDestinationError(`refused ${url.protocol} URL: only http and https are captured`);
  }
}

/**
 * Refuses a destination whose resolved addresses include any internal one (loopback, private,
 * link-local, metadata, unique-local, reserved…). Every address must be public, so a DNS answer that
 * mixes a public and a private address is refused too.
 */
export function assertAllowedAddresses(url: URL, addresses: string[], policy: NetworkPolicy): void {
  if (policy.allowPrivateNetwork) return;
  if (addresses.length === 0) throw new ForbiddenDestinationError(`refused ${url.hostname}: it resolved to no address`);
  const allowedOrigin = policy.allowPrivateOrigins.map((o) => o.replace(/^\[([^\]]+)\]/, '$1').toLowerCase()).includes(originOf(url));
  for (const address of addresses) {
    const range = internalRange(address);
    if (range && !allowedOrigin) {
      throw new ForbiddenDestinationError(`refused ${url.host}: it resolves to ${address} (${range}), an internal address`);
    }
  }
}
