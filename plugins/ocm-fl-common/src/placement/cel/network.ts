import type { Environment } from '@marcbachmann/cel-js';
import ipaddr from 'ipaddr.js';

const IPV4_OCTET = '(?:0|[1-9]\\d{0,2})';
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/**
 * An IP address as Go's `netip.Addr` holds it: 4 or 16 bytes. Parsing follows
 * `netip.ParseAddr` (four decimal IPv4 octets without leading zeros) and Kubernetes'
 * `parseIPAddr` (k8s.io/apiserver pkg/cel/library/ip.go): no zone, no IPv4-mapped IPv6.
 */
export class CelIP {
  private constructor(readonly bytes: number[]) {}

  static parse(text: string): CelIP {
    const fail = (why: string): never => {
      throw new Error(
        `IP Address "${text}" parse error during conversion from string: ${why}`,
      );
    };
    let bytes: number[];
    if (IPV4.test(text)) {
      bytes = text.split('.').map(Number);
      if (bytes.some(b => b > 255)) fail('IPv4 field has value >255');
    } else if (IPV6.test(text) && text.includes(':')) {
      const head = text.slice(0, text.lastIndexOf(':') + 1);
      const tail = text.slice(head.length);
      let hex = text;
      if (tail.includes('.')) {
        // ipaddr.js reads "::1.2.3.4" as "::ffff:1.2.3.4"; Go keeps the bytes as written.
        if (!IPV4.test(tail)) fail('invalid embedded IPv4 address');
        const [a, b, c, d] = tail.split('.').map(Number);
        if ([a, b, c, d].some(n => n > 255)) fail('IPv4 field has value >255');
        hex = `${head}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(
          16,
        )}`;
      }
      try {
        bytes = ipaddr.IPv6.parse(hex).toByteArray();
      } catch {
        return fail('invalid IPv6 address');
      }
    } else {
      return fail(
        text.includes('%') ? 'zones are not allowed' : 'unable to parse IP',
      );
    }
    const ip = new CelIP(bytes);
    if (ip.isIPv4Mapped())
      throw new Error(`IPv4-mapped IPv6 address "${text}" is not allowed`);
    return ip;
  }

  static ofBytes(bytes: number[]): CelIP {
    return new CelIP(bytes);
  }

  family(): bigint {
    return this.bytes.length === 4 ? 4n : 6n;
  }

  private isIPv4Mapped(): boolean {
    return (
      this.bytes.length === 16 &&
      this.bytes.slice(0, 10).every(b => b === 0) &&
      this.bytes[10] === 0xff &&
      this.bytes[11] === 0xff
    );
  }

  /** Go's `netip.Addr.String`: dotted decimal, or RFC 5952 for IPv6. */
  toString(): string {
    return this.bytes.length === 4
      ? this.bytes.join('.')
      : (ipaddr.fromByteArray(this.bytes) as ipaddr.IPv6).toRFC5952String();
  }

  isUnspecified(): boolean {
    return this.bytes.every(b => b === 0);
  }

  isLoopback(): boolean {
    return this.bytes.length === 4
      ? this.bytes[0] === 127
      : this.bytes.slice(0, 15).every(b => b === 0) && this.bytes[15] === 1;
  }

  private isMulticast(): boolean {
    return this.bytes.length === 4
      ? (this.bytes[0] & 0xf0) === 0xe0
      : this.bytes[0] === 0xff;
  }

  /** 224.0.0.0/24, or ff02::/16 ignoring the flag bits (as `netip.Addr.IsLinkLocalMulticast`). */
  isLinkLocalMulticast(): boolean {
    const [a, b, c] = this.bytes;
    return this.bytes.length === 4
      ? a === 224 && b === 0 && c === 0
      : a === 0xff && (b & 0x0f) === 0x02;
  }

  isLinkLocalUnicast(): boolean {
    const [a, b] = this.bytes;
    return this.bytes.length === 4
      ? a === 169 && b === 254
      : a === 0xfe && (b & 0xc0) === 0x80;
  }

  /** As `netip.Addr.IsGlobalUnicast`: private and ULA addresses count as global. */
  isGlobalUnicast(): boolean {
    if (this.bytes.length === 4 && this.bytes.every(b => b === 255))
      return false;
    return (
      !this.isUnspecified() &&
      !this.isLoopback() &&
      !this.isMulticast() &&
      !this.isLinkLocalUnicast()
    );
  }

  equals(other: CelIP): boolean {
    return (
      this.bytes.length === other.bytes.length &&
      this.bytes.every((b, i) => b === other.bytes[i])
    );
  }
}

/**
 * A network prefix as Go's `netip.Prefix`: an address (host bits kept) and a length.
 * Kubernetes' `parseCIDR` (pkg/cel/library/cidr.go) accepts host bits and refuses IPv4-mapped
 * addresses; the length is decimal without leading zeros, as `netip.ParsePrefix` wants.
 */
export class CelCIDR {
  private constructor(readonly ip: CelIP, readonly bits: number) {}

  static parse(text: string): CelCIDR {
    const fail = (why: string): never => {
      throw new Error(
        `network address parse error during conversion from string: netip.ParsePrefix("${text}"): ${why}`,
      );
    };
    const slash = text.lastIndexOf('/');
    if (slash < 0) fail("no '/'");
    const bitsText = text.slice(slash + 1);
    let ip: CelIP;
    try {
      ip = CelIP.parse(text.slice(0, slash));
    } catch (error) {
      return fail((error as Error).message);
    }
    const max = ip.bytes.length * 8;
    if (!/^(0|[1-9]\d*)$/.test(bitsText) || Number(bitsText) > max)
      fail('bad bits after slash');
    return new CelCIDR(ip, Number(bitsText));
  }

  contains(ip: CelIP): boolean {
    if (ip.bytes.length !== this.ip.bytes.length) return false;
    for (let bit = 0; bit < this.bits; bit++) {
      const mask = 0x80 >> bit % 8;
      const i = Math.floor(bit / 8);
      if ((ip.bytes[i] & mask) !== (this.ip.bytes[i] & mask)) return false;
    }
    return true;
  }

  containsCIDR(other: CelCIDR): boolean {
    return other.bits >= this.bits && this.contains(other.ip);
  }

  masked(): CelCIDR {
    const bytes = this.ip.bytes.map((b, i) => {
      const keep = Math.min(Math.max(this.bits - i * 8, 0), 8);
      return b & ((0xff00 >> keep) & 0xff);
    });
    return new CelCIDR(CelIP.ofBytes(bytes), this.bits);
  }

  toString(): string {
    return `${this.ip}/${this.bits}`;
  }

  equals(other: CelCIDR): boolean {
    return this.bits === other.bits && this.ip.equals(other.ip);
  }
}

const succeeds = (parse: (text: string) => unknown) => (text: string) => {
  try {
    parse(text);
    return true;
  } catch {
    return false;
  }
};

class IPNamespace {}

/**
 * Kubernetes' IP and CIDR libraries (k8s.io/apiserver pkg/cel/library/ip.go, cidr.go).
 * `ip.isCanonical(string)` is a function whose name has a dot; here it is a method on a
 * constant `ip`, which is as close as this CEL implementation comes to that name.
 */
export function registerNetwork(env: Environment): Environment {
  const IP = 'net.IP';
  const CIDR = 'net.CIDR';
  return env
    .registerType(IP, CelIP)
    .registerType(CIDR, CelCIDR)
    .registerType('kubernetes.IPNamespace', IPNamespace)
    .registerConstant('ip', 'kubernetes.IPNamespace', new IPNamespace())
    .registerFunction(`ip(string): ${IP}`, (text: string) => CelIP.parse(text))
    .registerFunction('isIP(string): bool', succeeds(CelIP.parse))
    .registerFunction(
      'kubernetes.IPNamespace.isCanonical(string): bool',
      (_: IPNamespace, text: string) => CelIP.parse(text).toString() === text,
    )
    .registerFunction(`string(${IP}): string`, (ip: CelIP) => ip.toString())
    .registerFunction(`${IP}.family(): int`, (ip: CelIP) => ip.family())
    .registerFunction(`${IP}.isUnspecified(): bool`, (ip: CelIP) =>
      ip.isUnspecified(),
    )
    .registerFunction(`${IP}.isLoopback(): bool`, (ip: CelIP) =>
      ip.isLoopback(),
    )
    .registerFunction(`${IP}.isLinkLocalMulticast(): bool`, (ip: CelIP) =>
      ip.isLinkLocalMulticast(),
    )
    .registerFunction(`${IP}.isLinkLocalUnicast(): bool`, (ip: CelIP) =>
      ip.isLinkLocalUnicast(),
    )
    .registerFunction(`${IP}.isGlobalUnicast(): bool`, (ip: CelIP) =>
      ip.isGlobalUnicast(),
    )
    .registerOperator(`${IP} == ${IP}`, (a: CelIP, b: CelIP) => a.equals(b))
    .registerFunction(`cidr(string): ${CIDR}`, (text: string) =>
      CelCIDR.parse(text),
    )
    .registerFunction('isCIDR(string): bool', succeeds(CelCIDR.parse))
    .registerFunction(`string(${CIDR}): string`, (c: CelCIDR) => c.toString())
    .registerFunction(
      `${CIDR}.containsIP(string): bool`,
      (c: CelCIDR, ip: string) => c.contains(CelIP.parse(ip)),
    )
    .registerFunction(
      `${CIDR}.containsIP(${IP}): bool`,
      (c: CelCIDR, ip: CelIP) => c.contains(ip),
    )
    .registerFunction(
      `${CIDR}.containsCIDR(string): bool`,
      (c: CelCIDR, other: string) => c.containsCIDR(CelCIDR.parse(other)),
    )
    .registerFunction(
      `${CIDR}.containsCIDR(${CIDR}): bool`,
      (c: CelCIDR, other: CelCIDR) => c.containsCIDR(other),
    )
    .registerFunction(`${CIDR}.ip(): ${IP}`, (c: CelCIDR) => c.ip)
    .registerFunction(`${CIDR}.masked(): ${CIDR}`, (c: CelCIDR) => c.masked())
    .registerFunction(`${CIDR}.prefixLength(): int`, (c: CelCIDR) =>
      BigInt(c.bits),
    )
    .registerOperator(`${CIDR} == ${CIDR}`, (a: CelCIDR, b: CelCIDR) =>
      a.equals(b),
    );
}
