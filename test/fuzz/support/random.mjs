// A small seeded random source for the fuzz suites: the same seed string always gives the same sequence, so every
// failing case can be replayed from its id. (Math.random would make failures unrepeatable.)

/** Hash a string to four 32-bit words (a simple multiply-xorshift mix). */
function seedWords(seed) {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = 0x85a308d3;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    a = Math.imul(a ^ k, 0x85ebca6b);
    b = Math.imul(b ^ a, 0xc2b2ae35);
    c = Math.imul(c ^ b ^ k, 0x27d4eb2f);
    d = Math.imul(d ^ c, 0x165667b1);
    a ^= d >>> 15;
  }
  return [a >>> 0, b >>> 0, c >>> 0, (d | 1) >>> 0];
}

/** xoshiro128** over the seeded state. */
export class Random {
  constructor(seed) {
    this.seed = String(seed);
    this.s = seedWords(this.seed);
    for (let i = 0; i < 8; i++) this.next();
  }

  /** A uniform 32-bit unsigned integer. */
  next() {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A float in [0, 1). */
  float() {
    return this.next() / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(p) {
    return this.float() < p;
  }

  pick(list) {
    return list[Math.floor(this.float() * list.length)];
  }

  shuffle(list) {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }
}

function rotl(x, k) {
  return (x << k) | (x >>> (32 - k));
}
