import { Environment } from '@marcbachmann/cel-js';
import { registerKubernetesLibraries } from './kubernetesLibraries';

/*
 * Examples from the documentation and tests of the libraries at the versions OCM v1.3.0
 * builds with: k8s.io/apiserver v0.35 pkg/cel/library/{semverlib,quantity,ip,cidr,urls,
 * regex,lists,format}.go and their _test.go files, and cel-go ext/strings.go.
 */
const env = registerKubernetesLibraries(
  new Environment({
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
  }),
);
const compiles = (expression: string) => env.parse(expression).check().valid;
const evaluate = (expression: string) => {
  const program = env.parse(expression);
  const checked = program.check();
  if (!checked.valid) throw checked.error;
  return program({});
};

describe('Kubernetes CEL libraries', () => {
  it.each([
    // semverlib.go
    ['semver("1.2.3").major() == 1'],
    ['semver("1.2.3").minor() == 2 && semver("1.2.3").patch() == 3'],
    ['isSemver("1.2.3-beta.1+build.1")'],
    ['!isSemver("")'],
    ['!isSemver("v1.0.0")'],
    ['!isSemver(" 1.0.0")'],
    ['!isSemver("1.0")'],
    ['!isSemver("01.1.1")'],
    ['semver("1.2.3").isGreaterThan(semver("1.2.2"))'],
    ['semver("1.0.0-alpha").isLessThan(semver("1.0.0"))'],
    ['semver("1.2.3").compareTo(semver("1.2.3")) == 0'],
    ['semver("1.2.3+build").compareTo(semver("1.2.3")) == 0'],
    ['semver("1.2.3") == semver("1.2.3")'],
    // quantity.go and quantity_test.go
    ['isQuantity("1.3G") && isQuantity("1.3Gi") && isQuantity("10000k")'],
    [
      '!isQuantity("1,3G") && !isQuantity("200K") && !isQuantity("Three") && !isQuantity("Mi")',
    ],
    ['!isQuantity("10Mo") && !isQuantity("10Mm")'],
    [
      'quantity("200M") == quantity("0.2G") && quantity("0.2G") == quantity("200M")',
    ],
    [
      'quantity("2M") == quantity("0.002G") && quantity("2000k") == quantity("2M")',
    ],
    ['!(quantity("200M") == quantity("0.3G"))'],
    ['quantity("50M").isLessThan(quantity("50Mi"))'],
    ['quantity("150Mi").isGreaterThan(quantity("100Mi"))'],
    ['quantity("200M").compareTo(quantity("0.2G")) == 0'],
    ['quantity("50M").compareTo(quantity("50Mi")) == -1'],
    ['quantity("50Mi").compareTo(quantity("50M")) == 1'],
    ['quantity("50k").add(quantity("20")) == quantity("50.02k")'],
    ['quantity("50k").add(20).isLessThan(quantity("50020")) == false'],
    ['quantity("50k").sub(quantity("20")) == quantity("49.98k")'],
    ['quantity("50k").sub(20) == quantity("49980")'],
    ['quantity("50k").add(20).sub(quantity("100k")).asInteger() == -49980'],
    [
      'quantity("50k").add(20).sub(quantity("100k")).sub(-50000).asInteger() == 20',
    ],
    ['quantity("50k").asInteger() == 50000'],
    ['!quantity("9999999999999999999999999999999999999G").isInteger()'],
    ['quantity("50").isInteger() && quantity("50000000G").isInteger()'],
    ['quantity("50.703k").asApproximateFloat() == 50703.0'],
    [
      'sign(quantity("-5m")) == -1 && sign(quantity("0")) == 0 && sign(quantity("1Ki")) == 1',
    ],
    // ip.go
    ['ip("127.0.0.1").family() == 4 && ip("::1").family() == 6'],
    ['isIP("127.0.0.1") && isIP("::1")'],
    ['!isIP("127.0.0.256") && !isIP(":::1") && !isIP("127.0.0.01")'],
    ['!isIP("::ffff:1.2.3.4") && !isIP("fe80::1%eth0")'],
    ['ip.isCanonical("127.0.0.1") && ip.isCanonical("2001:db8::abcd")'],
    [
      '!ip.isCanonical("2001:DB8::ABCD") && !ip.isCanonical("2001:db8::0:0:0:abcd")',
    ],
    [
      'ip("0.0.0.0").isUnspecified() && ip("::").isUnspecified() && !ip("::1").isUnspecified()',
    ],
    ['ip("127.0.0.1").isLoopback() && !ip("192.168.0.1").isLoopback()'],
    ['ip("::1").isLoopback() && !ip("2001:db8::abcd").isLoopback()'],
    [
      'ip("224.0.0.1").isLinkLocalMulticast() && !ip("224.0.1.1").isLinkLocalMulticast()',
    ],
    [
      'ip("ff02::1").isLinkLocalMulticast() && !ip("fd00::1").isLinkLocalMulticast()',
    ],
    [
      'ip("169.254.169.254").isLinkLocalUnicast() && !ip("192.168.0.1").isLinkLocalUnicast()',
    ],
    [
      'ip("fe80::1").isLinkLocalUnicast() && !ip("fd80::1").isLinkLocalUnicast()',
    ],
    [
      'ip("192.168.0.1").isGlobalUnicast() && !ip("255.255.255.255").isGlobalUnicast()',
    ],
    [
      'ip("2001:db8::abcd").isGlobalUnicast() && !ip("ff00::1").isGlobalUnicast()',
    ],
    ['string(ip("2001:DB8::0:0:0:ABCD")) == "2001:db8::abcd"'],
    ['string(ip("::1.2.3.4")) == "::102:304" && !isIP("::ffff:1.2.3.4")'],
    ['ip("10.0.0.1") == ip("10.0.0.1")'],
    // cidr.go
    ['isCIDR("192.168.0.0/16") && isCIDR("::1/128")'],
    [
      '!isCIDR("192.168.0.0/33") && !isCIDR("::1/129") && !isCIDR("192.168.0.0/016")',
    ],
    ['cidr("192.168.0.0/24").containsIP(ip("192.168.0.1"))'],
    ['!cidr("192.168.0.0/24").containsIP(ip("192.168.1.1"))'],
    [
      'cidr("192.168.0.0/24").containsIP("192.168.0.1") && !cidr("192.168.0.0/24").containsIP("192.168.1.1")',
    ],
    ['cidr("192.168.0.0/16").containsCIDR(cidr("192.168.10.0/24"))'],
    ['!cidr("192.168.1.0/24").containsCIDR(cidr("192.168.2.0/24"))'],
    [
      'cidr("192.168.0.0/16").containsCIDR("192.168.10.0/24") && !cidr("192.168.10.0/24").containsCIDR("192.168.0.0/16")',
    ],
    ['cidr("192.168.0.1/24").ip() == ip("192.168.0.1")'],
    ['cidr("::1/128").ip().family() == 6'],
    ['cidr("192.168.0.1/24").masked() == cidr("192.168.0.0/24")'],
    ['cidr("192.168.0.0/24") == cidr("192.168.0.0/24").masked()'],
    ['!(cidr("192.168.0.1/24") == cidr("192.168.0.1/24").masked())'],
    [
      'cidr("192.168.0.0/16").prefixLength() == 16 && cidr("::1/128").prefixLength() == 128',
    ],
    ['string(cidr("2001:db8::/32")) == "2001:db8::/32"'],
    // urls.go
    [
      'isURL("https://user:pass@example.com:80/path?query=val#fragment") && isURL("/absolute-path")',
    ],
    ['!isURL("https://a:b:c/") && !isURL("../relative-path")'],
    ['isURL("mailto:user@example.com") && !isURL("example.com/path")'],
    [
      'url("/path").getScheme() == "" && url("https://example.com/").getScheme() == "https"',
    ],
    [
      'url("https://example.com:80/").getHost() == "example.com:80" && url("https://example.com/").getHost() == "example.com"',
    ],
    [
      'url("https://[::1]:80/").getHost() == "[::1]:80" && url("https://[::1]/").getHost() == "[::1]"',
    ],
    ['url("/path").getHost() == ""'],
    [
      'url("https://example.com:80/").getHostname() == "example.com" && url("https://127.0.0.1:80/").getHostname() == "127.0.0.1"',
    ],
    [
      'url("https://[::1]:80/").getHostname() == "::1" && url("/path").getHostname() == ""',
    ],
    [
      'url("https://example.com:80/").getPort() == "80" && url("https://example.com/").getPort() == ""',
    ],
    ['url("https://example.com/path").getEscapedPath() == "/path"'],
    [
      'url("https://example.com/path with spaces/").getEscapedPath() == "/path%20with%20spaces/"',
    ],
    ['url("https://example.com").getEscapedPath() == ""'],
    [
      'url("https://example.com/path?k1=a&k2=b&k2=c").getQuery() == {"k1": ["a"], "k2": ["b", "c"]}',
    ],
    [
      'url("https://example.com/path?key with spaces=value with spaces").getQuery() == {"key with spaces": ["value with spaces"]}',
    ],
    [
      'url("https://example.com/path?").getQuery() == {} && url("https://example.com/path").getQuery() == {}',
    ],
    [
      'url("https://user:pass@example.com:80/path?query=val#fragment").getQuery() == {"query": ["val"]}',
    ],
    // regex.go
    ['"abc 123".find("[0-9]+") == "123" && "abc 123".find("xyz") == ""'],
    ['"123 abc 456".findAll("[0-9]+") == ["123", "456"]'],
    [
      '"123 abc 456".findAll("[0-9]+", 1) == ["123"] && "123 abc 456".findAll("xyz") == []',
    ],
    ['"ABC".find("(?i)b") == "B"'],
    // lists.go
    [
      '[1, 2, 3].isSorted() && ["a", "b", "b", "c"].isSorted() && ![2.0, 1.0].isSorted()',
    ],
    ['[1].isSorted() && [].isSorted()'],
    ['[1, 3].sum() == 4 && [1.0, 3.0].sum() == 4.0 && [].sum() == 0'],
    ['[1, 3].min() == 1 && [1, 3].max() == 3 && ([0] + []).min() == 0'],
    [
      '[1, 2, 2, 3].indexOf(2) == 1 && ["a", "b", "b", "c"].lastIndexOf("b") == 2',
    ],
    ['[1.0].indexOf(1.1) == -1 && [].indexOf("string") == -1'],
    // format.go
    ['!format.dns1123Label().validate("my-label-name").hasValue()'],
    [
      'format.dns1123Label().validate("a.b").value() == ["must not contain dots"]',
    ],
    ['!format.dns1123Subdomain().validate("apiextensions.k8s.io").hasValue()'],
    [
      '!format.dns1035Label().validate("my-label-name").hasValue() && format.dns1035Label().validate("1abc").hasValue()',
    ],
    [
      '!format.qualifiedName().validate("apiextensions.k8s.io/v1beta1").hasValue()',
    ],
    [
      'format.qualifiedName().validate("a/b/c").hasValue() && format.qualifiedName().validate("/b").value()[0] == "prefix part must be non-empty"',
    ],
    ['!format.dns1123LabelPrefix().validate("my-label-prefix-").hasValue()'],
    [
      '!format.dns1123SubdomainPrefix().validate("mysubdomain.prefix.-").hasValue()',
    ],
    ['!format.dns1035LabelPrefix().validate("my-label-prefix-").hasValue()'],
    [
      '!format.labelValue().validate("").hasValue() && format.labelValue().validate("-a").hasValue()',
    ],
    [
      '!format.uri().validate("http://example.com").hasValue() && format.uri().validate("example").hasValue()',
    ],
    [
      '!format.uuid().validate("123e4567-e89b-12d3-a456-426614174000").hasValue() && format.uuid().validate("123").hasValue()',
    ],
    [
      '!format.byte().validate("aGVsbG8=").hasValue() && format.byte().validate("aGVsbG8").value() == ["invalid base64"]',
    ],
    [
      '!format.date().validate("2021-01-01").hasValue() && format.date().validate("2021-02-30").hasValue()',
    ],
    [
      '!format.datetime().validate("2021-01-01T00:00:00Z").hasValue() && format.datetime().validate("2021-01-01").hasValue()',
    ],
    [
      'format.named("dns1123Label").hasValue() && !format.named("nope").hasValue()',
    ],
    [
      'format.named("dns1123Label").value().validate("ok").orValue(["x"]) == ["x"]',
    ],
    // cel-go ext/strings.go
    ['"hello".charAt(1) == "e" && "hello".charAt(5) == ""'],
    ['"hello hello".replace("he", "we") == "wello wello"'],
    [
      '"hello hello".replace("he", "we", 1) == "wello hello" && "ab".replace("", "-") == "-a-b-"',
    ],
    ['"gums".reverse() == "smug"'],
    ['strings.quote("a\\"b\\n") == "\\"a\\\\\\"b\\\\n\\""'],
    [
      '"%s has %d GPUs (%.2f%%)".format(["a", 4, 12.5]) == "a has 4 GPUs (12.50%)"',
    ],
    [
      '"%x %X %o %b %e".format([255, 255, 8, 5, 1000.0]) == "ff FF 10 101 1.000000e+03"',
    ],
    ['"TacoCat".lowerAscii() == "tacocat" && "a,b".split(",") == ["a", "b"]'],
  ])('%s', expression => {
    expect(evaluate(expression)).toBe(true);
  });

  it.each([
    ['semver("v1.0")', /No Major.Minor.Patch/],
    ['quantity("200K")', /quantities must match/],
    [
      'quantity("9999999999999999999999999999999999999G").asInteger()',
      /cannot convert/,
    ],
    ['ip("127.0.0.256")', /parse error/],
    ['ip("::ffff:1.2.3.4")', /IPv4-mapped/],
    ['cidr("192.168.0.0/33")', /bad bits/],
    ['url("https://a:b:c/")', /invalid port ":c" after host/],
    ['url("../relative-path")', /invalid URI for request/],
    ['[].min()', /empty list/],
    ['"hello".charAt(6)', /out of range/],
  ])('%s fails at run time', (expression, message) => {
    expect(() => evaluate(expression)).toThrow(message);
  });

  it.each([
    // SemverLib() without options: the normalize overloads are not declared.
    'semver("v1.0", true)',
    'isQuantity([1, 2, 3])',
    'quantity("1").sign()',
    'ip("1.2.3.4").family() == "4"',
    '["a"].sum()',
    'cidr("10.0.0.0/8").containsIP(1)',
    'format.dns1123Label().validate(1)',
  ])('%s does not compile', expression => {
    expect(compiles(expression)).toBe(false);
  });
});
