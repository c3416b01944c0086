// Seeded randomness for the demo workspace: the same seed always gives the same data.

/** 32-bit FNV-1a hash of a string, mixed so that nearby strings give unrelated values. */
export function hashString(text: string, salt = 0): number {
  let h = (0x811c9dc5 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function hex32(value: number): string {
  return (
    (HEX[(value >>> 24) & 255] ?? '') +
    (HEX[(value >>> 16) & 255] ?? '') +
    (HEX[(value >>> 8) & 255] ?? '') +
    (HEX[value & 255] ?? '')
  );
}

function formatUuid(a: number, b: number, c: number, d: number): string {
  const h =
    hex32(a) +
    hex32(((b & 0xffff0fff) | 0x4000) >>> 0) +
    hex32(((c & 0x3fffffff) | 0x80000000) >>> 0) +
    hex32(d);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A GUID that depends only on its label: the org's fixed identities (tenant, users, hosts). */
export function stableUuid(label: string): string {
  return formatUuid(hashString(label, 1), hashString(label, 2), hashString(label, 3), hashString(label, 4));
}

/** Hex digits that depend only on the label (file hashes, MDE device ids). */
export function stableHex(label: string, length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += hex32(hashString(label, i + 11));
  return out.slice(0, length);
}

/** sfc32: small, fast and good enough for synthetic data. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = mix32(seed);
    this.b = mix32(this.a ^ 0x5bd1e995);
    this.c = mix32(this.b ^ 0x27d4eb2f);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** An independent stream for one part of the data, so that parts do not shift each other. */
  static derive(seed: number, label: string): Rng {
    return new Rng(hashString(label, seed >>> 0));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [value, w] of items) {
      r -= w;
      if (r < 0) return value;
    }
    const last = items[items.length - 1];
    if (!last) throw new Error('weighted pick from an empty list');
    return last[0];
  }

  /** A count with the given mean (Poisson for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Standard normal (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  uuid(): string {
    return formatUuid(this.nextUint32(), this.nextUint32(), this.nextUint32(), this.nextUint32());
  }

  hex(length: number): string {
    let out = '';
    while (out.length < length) out += hex32(this.nextUint32());
    return out.slice(0, length);
  }
}
