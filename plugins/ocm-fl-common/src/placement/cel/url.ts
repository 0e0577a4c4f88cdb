import type { Environment } from '@marcbachmann/cel-js';

/*
 * Go's net/url, as far as Kubernetes' URL library reads it (k8s.io/apiserver
 * pkg/cel/library/urls.go): `url.ParseRequestURI` to accept, `url.Parse` for the parts.
 * WHATWG's URL (the JavaScript one) normalises hosts, ports and paths, which Go does not, so
 * the parts are cut here the way net/url's `parse`, `parseAuthority` and `parseHost` cut them.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const UNRESERVED = /^[A-Za-z0-9\-_.~]$/;
// Go's shouldEscape(c, encodePath) keeps these; validEncoded also accepts the sub-delims.
const PATH_KEPT = /^[$&+,/:;=@]$/;
const PATH_VALID_ENCODED = /^[A-Za-z0-9\-_.~!$&'()*+,;=:@[\]%/]$/;
const HOST_ALLOWED = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]$/;
const USERINFO_ALLOWED = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]$/;

/** A URL that Go's `url.ParseRequestURI` refuses; `reason` is Go's own error text. */
export class URLParseError extends Error {
  constructor(readonly reason: string) {
    super(`URL parse error during conversion from string: ${reason}`);
  }
}

export class CelURL {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly rawPath: string,
    readonly rawQuery: string,
  ) {}

  /** Go's `URL.Hostname`: the host without port, IPv6 brackets removed. */
  hostname(): string {
    const [host] = splitHostPort(this.host);
    return host.startsWith('[') && host.endsWith(']')
      ? host.slice(1, -1)
      : host;
  }

  port(): string {
    return splitHostPort(this.host)[1];
  }

  /** Go's `URL.EscapedPath`: the path as written when that is a valid encoding. */
  escapedPath(): string {
    if ([...this.rawPath].every(c => PATH_VALID_ENCODED.test(c)))
      return this.rawPath;
    return escapePath(unescape(this.rawPath, false));
  }

  /** Go's `url.ParseQuery`, skipping the pairs it reports errors for. */
  query(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const pair of this.rawQuery.split('&')) {
      if (pair === '' || pair.includes(';')) continue;
      const eq = pair.indexOf('=');
      const [rawKey, rawValue] =
        eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
      try {
        const key = unescape(rawKey, true);
        const value = unescape(rawValue, true);
        out.set(key, [...(out.get(key) ?? []), value]);
      } catch {
        continue;
      }
    }
    return out;
  }

  toString(): string {
    const authority = this.scheme || this.host ? `//${this.host}` : '';
    return `${this.scheme ? `${this.scheme}:` : ''}${authority}${this.rawPath}${
      this.rawQuery ? `?${this.rawQuery}` : ''
    }`;
  }

  static parse(text: string): CelURL {
    const fail = (why: string): never => {
      throw new URLParseError(`parse ${JSON.stringify(text)}: ${why}`);
    };
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(text))
      fail('net/url: invalid control character in URL');
    if (text === '') fail('empty url');
    // ParseRequestURI accepts or refuses the whole text (a fragment stays in the path or
    // query); Parse, which gives the parts, first cuts the fragment off.
    splitRequestURI(text, fail);
    const hash = text.indexOf('#');
    const parts = splitRequestURI(hash < 0 ? text : text.slice(0, hash), fail);
    return new CelURL(parts.scheme, parts.host, parts.path, parts.query);
  }
}

function splitRequestURI(text: string, fail: (why: string) => never) {
  let scheme = '';
  let rest = text;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+\-.]*):/.exec(text);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = text.slice(schemeMatch[0].length);
  } else if (text.startsWith(':')) fail('missing protocol scheme');
  const question = rest.indexOf('?');
  let path = question < 0 ? rest : rest.slice(0, question);
  const query = question < 0 ? '' : rest.slice(question + 1);
  if (!path.startsWith('/')) {
    // A rootless path after a scheme is opaque (`mailto:a@b`), which Go accepts.
    if (scheme) return { scheme, host: '', path: '', query };
    fail('invalid URI for request');
  }
  let host = '';
  if (scheme && path.startsWith('//')) {
    const slash = path.indexOf('/', 2);
    host = parseAuthority(
      slash < 0 ? path.slice(2) : path.slice(2, slash),
      fail,
    );
    path = slash < 0 ? '' : path.slice(slash);
  }
  try {
    unescape(path, false);
  } catch (error) {
    fail((error as Error).message);
  }
  return { scheme, host, path, query };
}

function parseAuthority(authority: string, fail: (why: string) => never) {
  const at = authority.lastIndexOf('@');
  const userinfo = at < 0 ? '' : authority.slice(0, at);
  if (![...userinfo].every(c => USERINFO_ALLOWED.test(c)))
    fail('net/url: invalid userinfo');
  const host = authority.slice(at + 1);
  const checkPort = (colonPort: string) => {
    if (!/^(:\d*)?$/.test(colonPort))
      fail(`invalid port ${JSON.stringify(colonPort)} after host`);
  };
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) fail("missing ']' in host");
    checkPort(host.slice(close + 1));
  } else if (host.includes(':')) {
    checkPort(host.slice(host.lastIndexOf(':')));
  }
  for (const c of host) {
    if (c.charCodeAt(0) < 0x80 && !HOST_ALLOWED.test(c))
      fail(`invalid character ${JSON.stringify(c)} in host name`);
  }
  return host;
}

/** Go's splitHostPort: the port only when the part after the last colon is all digits. */
function splitHostPort(hostport: string): [string, string] {
  const colon = hostport.lastIndexOf(':');
  if (colon >= 0 && /^:\d*$/.test(hostport.slice(colon)))
    return [hostport.slice(0, colon), hostport.slice(colon + 1)];
  return [hostport, ''];
}

/** Go's unescape: `%XX` must be hex; in a query component `+` is a space. */
function unescape(text: string, queryComponent: boolean): string {
  const bytes: number[] = [];
  const source = encoder.encode(text);
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === 0x25) {
      const hex = decoder.decode(source.slice(i + 1, i + 3));
      if (!/^[0-9A-Fa-f]{2}$/.test(hex))
        throw new Error(
          `invalid URL escape ${JSON.stringify(
            decoder.decode(source.slice(i, i + 3)),
          )}`,
        );
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(queryComponent && c === 0x2b ? 0x20 : c);
  }
  return decoder.decode(new Uint8Array(bytes));
}

/** Go's escape(s, encodePath). */
function escapePath(path: string): string {
  let out = '';
  for (const byte of encoder.encode(path)) {
    const c = String.fromCharCode(byte);
    out +=
      byte < 0x80 && (UNRESERVED.test(c) || PATH_KEPT.test(c))
        ? c
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Kubernetes' URL library (k8s.io/apiserver pkg/cel/library/urls.go). */
export function registerUrl(env: Environment): Environment {
  const U = 'kubernetes.URL';
  return env
    .registerType(U, CelURL)
    .registerFunction(`url(string): ${U}`, (text: string) => CelURL.parse(text))
    .registerFunction('isURL(string): bool', (text: string) => {
      try {
        CelURL.parse(text);
        return true;
      } catch {
        return false;
      }
    })
    .registerFunction(`${U}.getScheme(): string`, (u: CelURL) => u.scheme)
    .registerFunction(`${U}.getHost(): string`, (u: CelURL) => u.host)
    .registerFunction(`${U}.getHostname(): string`, (u: CelURL) => u.hostname())
    .registerFunction(`${U}.getPort(): string`, (u: CelURL) => u.port())
    .registerFunction(`${U}.getEscapedPath(): string`, (u: CelURL) =>
      u.escapedPath(),
    )
    .registerFunction(
      `${U}.getQuery(): map<string, list<string>>`,
      (u: CelURL) => u.query(),
    )
    .registerOperator(
      `${U} == ${U}`,
      (a: CelURL, b: CelURL) => a.toString() === b.toString(),
    );
}
