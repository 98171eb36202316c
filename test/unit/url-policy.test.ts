import { describe, it, expect } from 'vitest';
import { ForbiddenDestinationError } from '../../functions/lib/core/errors.js';
import {
  assertAllowedAddresses,
  assertCapturableScheme,
  internalRange,
  isIpLiteral,
  type NetworkPolicy,
} from '../../functions/lib/core/url-policy.js';

// Pure functions: these tests only classify address strings. No traffic is sent anywhere.
const strict: NetworkPolicy = { allowPrivateNetwork: false, allowPrivateOrigins: [] };
const PUBLIC_V4 = '93.184.216.34';
const PUBLIC_V6 = '2606:4700:4700::1111';

describe('internalRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['fe80::1', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
  ])('classifies %s as %s', (address, range) => {
    expect(internalRange(address)).toBe(range);
  });

  it('returns undefined for public addresses', () => {
    expect(internalRange(PUBLIC_V4)).toBeUndefined();
    expect(internalRange(PUBLIC_V6)).toBeUndefined();
    expect(internalRange('172.32.0.1')).toBeUndefined();
    expect(internalRange('11.0.0.1')).toBeUndefined();
  });

  it('maps an IPv4-mapped private address to its IPv4 range', () => {
    expect(internalRange('::ffff:a00:1')).toBe('private');
    expect(internalRange('::ffff:169.254.169.254')).toBe('linkLocal');
  });

  it('reports a host name or garbage as invalid rather than public', () => {
    expect(internalRange('localhost')).toBe('invalid');
    expect(internalRange('example.org')).toBe('invalid');
    expect(internalRange('')).toBe('invalid');
  });
});

describe('isIpLiteral', () => {
  it('recognises IPv4, IPv6 and bracketed IPv6 literals but not host names', () => {
    expect(isIpLiteral('127.0.0.1')).toBe(true);
    expect(isIpLiteral('::1')).toBe(true);
    expect(isIpLiteral('[::1]')).toBe(true);
    expect(isIpLiteral('example.org')).toBe(false);
  });
});

describe('assertCapturableScheme', () => {
  it('allows http and https', () => {
    expect(() => assertCapturableScheme(new URL('http://example.org/'))).not.toThrow();
    expect(() => assertCapturableScheme(new URL('https://example.org/'))).not.toThrow();
  });

  it('refuses file:, javascript:, ftp: and data: URLs', () => {
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ftp://example.org/', 'data:text/html,hi']) {
      expect(() => assertCapturableScheme(new URL(url)), url).toThrow(ForbiddenDestinationError);
    }
  });
});

describe('assertAllowedAddresses', () => {
  const url = new URL('http://news.example/article');

  it.each([
    ['IPv4 loopback', '127.0.0.1'],
    ['IPv6 loopback', '::1'],
    ['IPv4-mapped IPv6 loopback', '::ffff:7f00:1'],
    ['10/8', '10.1.2.3'],
    ['172.16/12', '172.20.0.5'],
    ['192.168/16', '192.168.0.10'],
    ['the EC2 metadata address', '169.254.169.254'],
    ['the EC2 IPv6 metadata address', 'fd00:ec2::254'],
    ['0.0.0.0', '0.0.0.0'],
  ])('refuses %s', (_label, address) => {
    expect(() => assertAllowedAddresses(url, [address], strict)).toThrow(ForbiddenDestinationError);
  });

  it('names the host, the address and its range in the refusal', () => {
    expect(() => assertAllowedAddresses(url, ['169.254.169.254'], strict)).toThrow(/news\.example.*169\.254\.169\.254.*linkLocal/);
  });

  it('allows a public IPv4 and IPv6 answer', () => {
    expect(() => assertAllowedAddresses(url, [PUBLIC_V4], strict)).not.toThrow();
    expect(() => assertAllowedAddresses(url, [PUBLIC_V4, PUBLIC_V6], strict)).not.toThrow();
  });

  it('refuses a DNS answer that mixes a public and a private address', () => {
    expect(() => assertAllowedAddresses(url, [PUBLIC_V4, '10.0.0.7'], strict)).toThrow(ForbiddenDestinationError);
    expect(() => assertAllowedAddresses(url, ['10.0.0.7', PUBLIC_V4], strict)).toThrow(ForbiddenDestinationError);
  });

  it('refuses an empty DNS answer', () => {
    expect(() => assertAllowedAddresses(url, [], strict)).toThrow(/no address/);
  });

  it('refuses an answer that is not an address at all', () => {
    expect(() => assertAllowedAddresses(url, ['not-an-address'], strict)).toThrow(ForbiddenDestinationError);
  });

  it('allows everything when allowPrivateNetwork is set', () => {
    const open: NetworkPolicy = { allowPrivateNetwork: true, allowPrivateOrigins: [] };
    for (const address of ['127.0.0.1', '::1', '10.0.0.1', '169.254.169.254', 'fd00:ec2::254']) {
      expect(() => assertAllowedAddresses(url, [address], open), address).not.toThrow();
    }
  });

  describe('allowPrivateOrigins', () => {
    const policy: NetworkPolicy = { allowPrivateNetwork: false, allowPrivateOrigins: ['127.0.0.1:8080'] };

    it('allows exactly the listed host:port', () => {
      expect(() => assertAllowedAddresses(new URL('http://127.0.0.1:8080/page'), ['127.0.0.1'], policy)).not.toThrow();
    });

    it('still refuses the same host on another port', () => {
      expect(() => assertAllowedAddresses(new URL('http://127.0.0.1:8081/page'), ['127.0.0.1'], policy)).toThrow(ForbiddenDestinationError);
    });

    it('still refuses the same host on the default port', () => {
      expect(() => assertAllowedAddresses(new URL('http://127.0.0.1/page'), ['127.0.0.1'], policy)).toThrow(ForbiddenDestinationError);
    });

    it('still refuses another private host', () => {
      expect(() => assertAllowedAddresses(new URL('http://10.0.0.1:8080/'), ['10.0.0.1'], policy)).toThrow(ForbiddenDestinationError);
    });

    it('matches the default port of https and the host case-insensitively', () => {
      const https: NetworkPolicy = { allowPrivateNetwork: false, allowPrivateOrigins: ['Fixtures.Local:443'] };
      expect(() => assertAllowedAddresses(new URL('https://fixtures.local/'), ['127.0.0.1'], https)).not.toThrow();
      expect(() => assertAllowedAddresses(new URL('http://fixtures.local/'), ['127.0.0.1'], https)).toThrow(ForbiddenDestinationError);
    });
  });
});
