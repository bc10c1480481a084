// Two independent 32-bit hashes (FNV-1a and a polynomial one) fed field by field: 64 bits that tell
// whether a file says exactly what it said at the last import (fingerprints: decisions 0014, 0026).

const NULL = 0xfffe;
const SEPARATOR = 0xffff;

export class FieldHash {
  a = 0;
  b = 0;

  /** Goes on from a state kept elsewhere (one per ballot, one per département). */
  resume(a: number, b: number): void {
    this.a = a;
    this.b = b;
  }

  str(s: string | null): void {
    let a = this.a;
    let b = this.b;
    if (s === null) {
      a = Math.imul(a ^ NULL, 0x01000193);
      b = (Math.imul(b, 31) + NULL) | 0;
    } else {
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        a = Math.imul(a ^ c, 0x01000193);
        b = (Math.imul(b, 31) + c) | 0;
      }
    }
    this.a = Math.imul(a ^ SEPARATOR, 0x01000193);
    this.b = (Math.imul(b, 31) + SEPARATOR) | 0;
  }

  num(n: number | null): void {
    const v = n === null ? NULL : n + 1;
    this.a = Math.imul(Math.imul(this.a ^ v, 0x01000193) ^ SEPARATOR, 0x01000193);
    this.b = (Math.imul((Math.imul(this.b, 31) + v) | 0, 31) + SEPARATOR) | 0;
  }

  bool(v: boolean | null): void {
    this.num(v === null ? null : v ? 1 : 0);
  }
}

/** The two hashes of a state as text (unsigned hexadecimal). */
export function hashText(a: number, b: number): string {
  return `${(a >>> 0).toString(16)}.${(b >>> 0).toString(16)}`;
}
