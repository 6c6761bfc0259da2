/**
 * Internal: Kubernetes quantities, exactly as the 1.28 API server reads them. Ported from
 * k8s.io/apimachinery `pkg/api/resource` (quantity.go ParseQuantity / parseQuantityString,
 * suffix.go interpret, Quantity.UnmarshalJSON, Quantity.String's canonical form), so that a rule
 * refuses exactly the strings the API server refuses and compares values exactly (no floats).
 *
 * The grammar is looser than its documentation: the number may be empty (`+`, `.`, `G` and
 * `e3` all parse as zero), `5.` and `.5` are numbers, `1e+3` and `1E3` are exponents and `E`
 * alone is exa. `1ki`, `1KiB`, `1e` and `1 Gi` do not parse.
 */

/** The three forms a quantity remembers (it keeps the form it was written in). */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** A parsed quantity: sign * mag * 10^exp, rounded up to a multiple of 10^-9 as the API server does. */
export interface Quantity {
  readonly sign: -1 | 0 | 1;
  /** The magnitude's digits, without trailing zeros (0n for zero). */
  readonly mag: bigint;
  /** The decimal exponent; at least -9. */
  readonly exp: number;
  /** Number of decimal digits of `mag`. */
  readonly digits: number;
  readonly format: QuantityFormat;
  /** The input string, when ParseQuantity keeps it as the canonical form (its fast path). */
  readonly cached?: string;
}

const SUFFIX_LETTERS = 'eEinumkKMGTP';
const DECIMAL_SUFFIXES = new Map([['', 0], ['n', -9], ['u', -6], ['m', -3], ['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15], ['E', 18]]);
const BINARY_SUFFIXES = new Map([['Ki', 10], ['Mi', 20], ['Gi', 30], ['Ti', 40], ['Pi', 50], ['Ei', 60]]);
/** strconv.ParseInt's syntax (base 10). */
const GO_INT = /^[+-]?\d+$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** maxAllowed: a BinarySI quantity is capped at 2^63-1. */
const BINARY_MAX = 2n ** 63n - 1n;
/** maxInt64Factors: decimal digits the fast path handles. */
const MAX_INT64_FACTORS = 18;
const NANO = -9;
/** Go's unicode.IsSpace, which strings.TrimSpace strips. */
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

const ZERO: Quantity = { sign: 0, mag: 0n, exp: 0, digits: 1, format: 'DecimalSI', cached: '0' };

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

/** Two's-complement int32 wrap-around (Go's int32 conversions and int32 arithmetic). */
function int32(x: number): number {
  const m = ((x % 2 ** 32) + 2 ** 32) % 2 ** 32;
  return m >= 2 ** 31 ? m - 2 ** 32 : m;
}

/** A quantity from a decimal digit string and exponent, normalized (no leading or trailing zeros). */
function fromDigits(sign: -1 | 1, digitString: string, exp: number, format: QuantityFormat, cached?: string): Quantity {
  let end = digitString.length;
  while (end > 0 && digitString[end - 1] === '0') end--;
  let start = 0;
  while (start < end && digitString[start] === '0') start++;
  if (start === end) return { sign: 0, mag: 0n, exp: 0, digits: 1, format, cached };
  const d = digitString.slice(start, end);
  return { sign, mag: BigInt(d), exp: exp + (digitString.length - end), digits: d.length, format, cached };
}

/** Parsed quantities by string (manifests repeat a few values such as `500m` and `1Gi`); bounded. */
const CACHE = new Map<string, Quantity | undefined>();
const CACHE_SIZE = 512;

/**
 * ParseQuantity: the quantity, or undefined when the API server refuses the string.
 * (The API server also accepts surrounding whitespace in JSON: see `decodeQuantity`.)
 */
export function parseQuantity(str: string): Quantity | undefined {
  if (CACHE.has(str)) return CACHE.get(str);
  const q = parse(str);
  if (CACHE.size >= CACHE_SIZE) CACHE.clear();
  if (str.length <= 64) CACHE.set(str, q);
  return q;
}

function parse(str: string): Quantity | undefined {
  if (str.length === 0) return undefined;
  if (str === '0') return ZERO;
  const scanned = scan(str);
  if (!scanned) return undefined;
  const { positive, value, num, denom, suffix } = scanned;
  const sign: -1 | 1 = positive ? 1 : -1;

  // suffix.go interpret
  let base: 2 | 10;
  let exponent: number;
  let format: QuantityFormat;
  const decimal = DECIMAL_SUFFIXES.get(suffix);
  const binaryExponent = BINARY_SUFFIXES.get(suffix);
  if (decimal !== undefined) {
    [base, exponent, format] = [10, decimal, 'DecimalSI'];
  } else if (binaryExponent !== undefined) {
    [base, exponent, format] = [2, binaryExponent, 'BinarySI'];
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && GO_INT.test(suffix.slice(1))) {
    const parsed = BigInt(suffix.slice(1));
    if (parsed < INT64_MIN || parsed > INT64_MAX) return undefined;
    // The exponent is parsed as an int64 and then truncated to int32 (so e4294967296 is e0).
    [base, exponent, format] = [10, Number(BigInt.asIntN(32, parsed)), 'DecimalExponent'];
  } else {
    return undefined;
  }

  // The fast path: small numbers, kept exactly, and the input kept as the canonical form when it is one.
  let precision: number;
  let scale = 0;
  if (base === 10) {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  } else {
    precision = denom.length === 0 ? 15 - num.length - Math.trunc(exponent * 3 / 10) - 1 : -1;
  }
  if (precision >= 0) {
    scale = int32(scale - denom.length);
    if (scale >= NANO) {
      const shifted = num + denom;
      let cached: string | undefined;
      if (base === 2) {
        if (BigInt(shifted) % 8n !== 0n) cached = str;
        return binary(sign, BigInt(shifted) * 2n ** BigInt(exponent), 0, format, cached);
      }
      if (scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') cached = str;
      return fromDigits(sign, shifted, scale, format, cached);
    }
  }

  // The slow path (inf.Dec): the number needs at least one digit, and is rounded up to 1n.
  let digitString = '';
  let decimals = 0;
  let afterPoint = false;
  for (const c of value) {
    if (c === '.') {
      afterPoint = true;
    } else if (isDigit(c)) {
      digitString += c;
      if (afterPoint) decimals++;
    }
  }
  if (digitString === '') return undefined;
  if (base === 2) return binary(sign, BigInt(digitString) * 2n ** BigInt(exponent), -decimals, format);
  // amount.SetScale(amount.Scale() + Scale(exponent).infScale()), in int32.
  return roundToNano(fromDigits(sign, digitString, -int32(decimals + int32(-exponent)), format));
}

/** A BinarySI amount mag * 10^exp: rounded up to 1n, then capped at 2^63-1. */
function binary(sign: -1 | 1, mag: bigint, exp: number, format: QuantityFormat, cached?: string): Quantity {
  let q = roundToNano(fromDigits(sign, mag.toString(), exp, format, cached));
  if (q.sign !== 0 && compareMagnitude(q, { mag: BINARY_MAX, exp: 0, digits: 19 }) > 0) {
    q = { ...fromDigits(sign, BINARY_MAX.toString(), 0, format), cached: undefined };
  }
  return q;
}

/** Rounds a magnitude up to a multiple of 10^-9 (inf.RoundUp at Nano scale). */
function roundToNano(q: Quantity): Quantity {
  if (q.sign === 0 || q.exp >= NANO) return q;
  const shift = NANO - q.exp;
  if (q.digits <= shift) return { ...q, mag: 1n, exp: NANO, digits: 1 };
  const div = 10n ** BigInt(shift);
  const rounded = (q.mag + div - 1n) / div;
  return fromDigits(q.sign as -1 | 1, rounded.toString(), NANO, q.format, q.cached);
}

interface Scanned {
  readonly positive: boolean;
  readonly value: string;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

/** parseQuantityString: splits sign, numerator (without leading zeros), denominator and suffix. */
function scan(str: string): Scanned | undefined {
  const end = str.length;
  let positive = true;
  let pos = 0;
  if (str[0] === '-' || str[0] === '+') {
    positive = str[0] === '+';
    pos++;
  }
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  if (i >= end) return { positive, value: str, num: str.slice(pos), denom: '', suffix: '' };
  const num = str.slice(pos, i) || '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && SUFFIX_LETTERS.includes(str[pos])) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  while (pos < end && isDigit(str[pos])) pos++;
  if (pos < end) return undefined;
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

/** Quantity.UnmarshalJSON: a JSON string (surrounding whitespace is ignored), a JSON number, or null (zero). */
export function decodeQuantity(raw: unknown): Quantity | undefined {
  if (raw === null) return { ...ZERO, cached: undefined };
  if (typeof raw === 'string') return parseQuantity(raw.replace(GO_SPACE, ''));
  // YAML numbers reach the API server as JSON numbers, which it parses as their text.
  if (typeof raw === 'number' && Number.isFinite(raw)) return parseQuantity(String(raw));
  // An integer beyond 2^53, read exactly by the CLI (src/rules/load.ts).
  if (typeof raw === 'bigint') return parseQuantity(raw.toString());
  return undefined;
}

type Magnitude = Pick<Quantity, 'mag' | 'exp' | 'digits'>;

function compareMagnitude(a: Magnitude, b: Magnitude): number {
  if (a.mag === 0n || b.mag === 0n) return a.mag === b.mag ? 0 : a.mag === 0n ? -1 : 1;
  const ma = a.digits + a.exp;
  const mb = b.digits + b.exp;
  if (ma !== mb) return ma < mb ? -1 : 1;
  // Same order of magnitude: the exponents differ by less than the digit counts.
  const x = a.exp > b.exp ? a.mag * 10n ** BigInt(a.exp - b.exp) : a.mag;
  const y = b.exp > a.exp ? b.mag * 10n ** BigInt(b.exp - a.exp) : b.mag;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Quantity.Cmp: -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.sign !== b.sign) return a.sign < b.sign ? -1 : 1;
  return a.sign * compareMagnitude(a, b);
}

/** ceil(|q| * 10^-scale), as ScaledValue computes it (without its int64 overflow); for small exponents only. */
function scaledCeil(q: Quantity, scale: number): bigint {
  if (q.sign === 0) return 0n;
  const e = q.exp - scale;
  if (e >= 0) return q.mag * 10n ** BigInt(e);
  if (q.digits <= -e) return 1n;
  const div = 10n ** BigInt(-e);
  return (q.mag + div - 1n) / div;
}

/**
 * ValidateResourceQuantityValue's integer test: MilliValue() % 1000 == 0 (exactly; the API
 * server's int64 MilliValue wraps around above 9.2e15, which this does not imitate).
 */
export function isWholeQuantity(q: Quantity): boolean {
  return q.sign === 0 || q.exp >= 0 || scaledCeil(q, -3) % 1000n === 0n;
}

/** 10^e mod m. */
function pow10Mod(e: number, m: bigint): bigint {
  let result = 1n % m;
  let b = 10n % m;
  for (let x = e; x > 0; x = Math.floor(x / 2)) {
    if (x % 2 === 1) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

/** IsHugePageResourceValueDivisible: the page size is a positive whole number and Value() is a multiple of it. */
export function isDivisibleBy(q: Quantity, pageSize: Quantity | undefined): boolean {
  if (!pageSize || pageSize.sign <= 0 || !isWholeQuantity(pageSize)) return false;
  const page = scaledCeil(pageSize, 0);
  if (q.sign === 0) return true;
  // Value() rounds up: a fraction is never a multiple of a whole page.
  if (q.exp < 0) return scaledCeil(q, 0) % page === 0n;
  return (q.mag % page) * pow10Mod(q.exp, page) % page === 0n;
}

/** A float close to the quantity (for messages and coarse comparisons; +-Infinity beyond doubles). */
export function approximate(q: Quantity): number {
  return q.sign === 0 ? 0 : q.sign * Number(`${q.mag}e${q.exp}`);
}

const DECIMAL_UNITS = ['n', 'u', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E'];
const BINARY_UNITS = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/**
 * Quantity.String() when it is `1<suffix>` (a unit such as `1`, `1m`, `1k` or `1Mi`), the
 * cached input when ParseQuantity kept it, and undefined for every other canonical form (which
 * no divisor set contains). Canonical forms: DecimalExponent as `1`, `1e3`...; BinarySI in
 * base 1024 for whole values of at least 1024, otherwise as DecimalSI.
 */
export function unitString(q: Quantity): string | undefined {
  if (q.cached !== undefined) return q.cached;
  if (q.sign <= 0) return q.sign === 0 ? '0' : undefined;
  if (q.format === 'BinarySI' && q.exp >= 0 && q.digits + q.exp >= 4 && compareMagnitude(q, { mag: 1024n, exp: 0, digits: 4 }) >= 0) {
    const value = q.mag * 10n ** BigInt(q.exp);
    for (let k = 1; k <= BINARY_UNITS.length; k++) if (value === 1024n ** BigInt(k)) return `1${BINARY_UNITS[k - 1]}`;
    return undefined;
  }
  if (q.mag !== 1n) return undefined;
  if (q.format === 'DecimalExponent') return q.exp === 0 ? '1' : undefined;
  const j = q.exp / 3 + 3;
  return Number.isInteger(j) && j >= 0 && j < DECIMAL_UNITS.length ? `1${DECIMAL_UNITS[j]}` : undefined;
}

/** a + b, exactly (for sums of container requests; the result keeps a's format and has no cached form). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  if (b.sign === 0) return a;
  if (a.sign === 0) return b;
  const exp = Math.min(a.exp, b.exp);
  const value = BigInt(a.sign) * a.mag * 10n ** BigInt(a.exp - exp) + BigInt(b.sign) * b.mag * 10n ** BigInt(b.exp - exp);
  if (value === 0n) return ZERO;
  let mag = value < 0n ? -value : value;
  let e = exp;
  while (mag % 10n === 0n) {
    mag /= 10n;
    e++;
  }
  return { sign: value < 0n ? -1 : 1, mag, exp: e, digits: mag.toString().length, format: a.format };
}

/** The larger of two quantities. */
export function maxQuantity(a: Quantity, b: Quantity): Quantity {
  return compareQuantities(a, b) >= 0 ? a : b;
}

/** A plain decimal rendering of a quantity, for messages (`1.5`, `2000000000`). */
export function quantityText(q: Quantity): string {
  if (q.sign === 0) return '0';
  const sign = q.sign < 0 ? '-' : '';
  const digits = q.mag.toString();
  if (q.exp >= 0) return `${sign}${digits}${'0'.repeat(q.exp)}`;
  const point = digits.length + q.exp;
  return point > 0 ? `${sign}${digits.slice(0, point)}.${digits.slice(point)}` : `${sign}0.${'0'.repeat(-point)}${digits}`;
}
