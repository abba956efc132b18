import { describe, expect, it } from 'vitest';
import { isAllowedHost, isBlockedAddress } from './address-policy';

describe('the outbound address policy', () => {
  it('blocks loopback, private, link-local, shared and reserved IPv4', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255']) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
  });

  it('lets public IPv4 through, including the neighbours of private ranges', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '172.15.255.255', '172.32.0.1', '169.253.1.1', '11.0.0.1']) {
      expect(isBlockedAddress(address), address).toBe(false);
    }
  });

  it('judges IPv6, and IPv4 hidden in IPv6, the same way', () => {
    for (const address of ['::1', '::', 'fe80::1', 'fd12:3456::1', 'fc00::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::10.0.0.1', '2001:db8::1']) {
      expect(isBlockedAddress(address), address).toBe(true);
    }
    for (const address of ['2606:4700:4700::1111', '::ffff:8.8.8.8', '2a00:1450:4001:80b::200e']) {
      expect(isBlockedAddress(address), address).toBe(false);
    }
  });

  it('treats anything that is not an address as blocked', () => {
    expect(isBlockedAddress('localhost')).toBe(true);
  });

  it('matches allow-list entries by host, wildcard subdomain and port', () => {
    expect(isAllowedHost('crm.internal', 443, ['crm.internal'])).toBe(true);
    expect(isAllowedHost('CRM.internal', 443, ['crm.internal'])).toBe(true);
    expect(isAllowedHost('api.corp.example', 443, ['*.corp.example'])).toBe(true);
    expect(isAllowedHost('corp.example', 443, ['*.corp.example'])).toBe(false);
    expect(isAllowedHost('127.0.0.1', 8080, ['127.0.0.1:8080'])).toBe(true);
    expect(isAllowedHost('127.0.0.1', 8081, ['127.0.0.1:8080'])).toBe(false);
    expect(isAllowedHost('[::1]', 80, ['[::1]'])).toBe(true);
    expect(isAllowedHost('evil.example', 443, [])).toBe(false);
  });
});
