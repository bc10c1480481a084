/**
 * An exact set of string keys, each with the line where it was first seen, for half a million keys
 * and more (every mandate id of a national RNE file) without weighing on the garbage collector: the
 * keys are stored as UTF-8 bytes in one growing buffer and found through an open-addressing table
 * of typed arrays. A Map of 500,000 strings kept ~45 MB of small objects alive that every major
 * collection had to walk again; here the collector sees a handful of buffers.
 */
export class SeenKeys {
  private bytes = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  /** Per slot: offset + 1 of the key in `bytes` (0: empty), its hash, its line. */
  private offsets = new Int32Array(1 << 16);
  private hashes = new Int32Array(1 << 16);
  private lines = new Int32Array(1 << 16);
  private scratch = Buffer.allocUnsafe(1024);
  size = 0;

  /** Adds a key; returns the line it was first added with when it was already there. */
  add(key: string, line: number): number | undefined {
    const length = this.encode(key);
    const hash = hashOf(this.scratch, length);
    const slot = this.find(hash, length);
    if (this.offsets[slot] !== 0) return this.lines[slot];
    if (this.used + length + 2 > this.bytes.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length + 2));
      this.bytes.copy(bigger, 0, 0, this.used);
      this.bytes = bigger;
    }
    this.bytes.writeUInt16LE(length, this.used);
    this.scratch.copy(this.bytes, this.used + 2, 0, length);
    this.offsets[slot] = this.used + 1;
    this.hashes[slot] = hash;
    this.lines[slot] = line;
    this.used += length + 2;
    this.size++;
    if (this.size * 2 > this.offsets.length) this.grow();
    return undefined;
  }

  has(key: string): boolean {
    const length = this.encode(key);
    return this.offsets[this.find(hashOf(this.scratch, length), length)] !== 0;
  }

  private encode(key: string): number {
    if (key.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(key.length * 3);
    return this.scratch.write(key, 0, 'utf8');
  }

  /** The slot holding the key in `scratch`, or the empty slot where it belongs. */
  private find(hash: number, length: number): number {
    const mask = this.offsets.length - 1;
    let slot = hash & mask;
    while (true) {
      const offset = this.offsets[slot] as number;
      if (offset === 0) return slot;
      if (
        this.hashes[slot] === hash &&
        this.bytes.readUInt16LE(offset - 1) === length &&
        this.scratch.compare(this.bytes, offset + 1, offset + 1 + length, 0, length) === 0
      ) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  private grow() {
    const { offsets, hashes, lines } = this;
    const size = offsets.length * 2;
    this.offsets = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.lines = new Int32Array(size);
    const mask = size - 1;
    for (let i = 0; i < offsets.length; i++) {
      if (offsets[i] === 0) continue;
      let slot = (hashes[i] as number) & mask;
      while (this.offsets[slot] !== 0) slot = (slot + 1) & mask;
      this.offsets[slot] = offsets[i] as number;
      this.hashes[slot] = hashes[i] as number;
      this.lines[slot] = lines[i] as number;
    }
  }
}

/** FNV-1a over the first `length` bytes, then mixed so that nearby keys spread over the table. */
function hashOf(bytes: Buffer, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h | 0;
}

/**
 * An exact set of positive integer keys (below 2^53), each with the line where it was first seen:
 * one candidacy key per row of a national file, in two typed arrays instead of a Map whose
 * 900,000 boxed numbers every major garbage collection had to walk.
 */
export class SeenNumbers {
  private keys = new Float64Array(1 << 16);
  private lines = new Int32Array(1 << 16);
  size = 0;

  /** Adds a key (> 0); returns the line it was first added with when it was already there. */
  add(key: number, line: number): number | undefined {
    const slot = this.find(key);
    if (this.keys[slot] !== 0) return this.lines[slot];
    this.keys[slot] = key;
    this.lines[slot] = line;
    this.size++;
    if (this.size * 2 > this.keys.length) this.grow();
    return undefined;
  }

  has(key: number): boolean {
    return this.keys[this.find(key)] !== 0;
  }

  private find(key: number): number {
    const mask = this.keys.length - 1;
    let h = Math.imul((key | 0) ^ ((key / 4294967296) | 0), 0x9e3779b1);
    h ^= h >>> 15;
    let slot = h & mask;
    while (true) {
      const k = this.keys[slot] as number;
      if (k === 0 || k === key) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private grow() {
    const { keys, lines } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.lines = new Int32Array(keys.length * 2);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as number;
      if (key === 0) continue;
      const slot = this.find(key);
      this.keys[slot] = key;
      this.lines[slot] = lines[i] as number;
    }
  }
}
