/**
 * Example addresses a template leaves for the team's own (a CRM, a calendar): hosts under the
 * domains reserved for examples (RFC 2606), which never answer a real request.
 */

/** Hosts that stand for "yours here": example.com/.net/.org and their subdomains, and the reserved TLDs .example, .test, .invalid. */
const EXAMPLE_HOST = /^(?:[a-z0-9-]+\.)*(?:example\.(?:com|net|org)|[a-z0-9-]+\.(?:example|test|invalid))$/i;
const URL_IN_TEXT = /https?:\/\/([^/\s"'?#:]+)/gi;

/** The example hosts named in URLs anywhere in a value (a config, deep). */
export function placeholderHostsIn(value: unknown): string[] {
  const hosts = new Set<string>();
  const visit = (current: unknown) => {
    if (typeof current === 'string') {
      for (const match of current.matchAll(URL_IN_TEXT)) if (EXAMPLE_HOST.test(match[1]!)) hosts.add(match[1]!.toLowerCase());
    } else if (Array.isArray(current)) current.forEach(visit);
    else if (current && typeof current === 'object') Object.values(current).forEach(visit);
  };
  visit(value);
  return [...hosts];
}
