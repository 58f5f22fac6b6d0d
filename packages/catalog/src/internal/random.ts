/**
 * A small, fast, seeded PRNG (xoshiro128**) with the distributions the synthetic market needs.
 * Every purpose gets its own stream (seed, stream) so that, for example, changing how signals
 * are drawn never moves a single market value. Same seed and stream: the same sequence, on
 * every platform (only 32-bit integer arithmetic feeds the state).
 */

const splitmix32 = (state: { s: number }): number => {
  state.s = (state.s + 0x9e3779b9) | 0
  let z = state.s
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

const TWO_POW_32 = 4294967296

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number
  private spare: number
  private hasSpare: boolean

  constructor(seed: number, stream: number) {
    const state = { s: (Math.imul(seed | 0, 0x27d4eb2d) ^ Math.imul(stream + 1, 0x165667b1)) | 0 }
    // Mix the high bits of seeds beyond 32 bits too.
    state.s = (state.s ^ Math.floor(seed / TWO_POW_32)) | 0
    this.a = splitmix32(state)
    this.b = splitmix32(state)
    this.c = splitmix32(state)
    this.d = splitmix32(state)
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1
    this.spare = 0
    this.hasSpare = false
  }

  /** A uniform 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9)
    const t = this.b << 9
    this.c ^= this.a
    this.d ^= this.b
    this.b ^= this.c
    this.a ^= this.d
    this.c ^= t
    this.d = rotl(this.d, 11)
    return result >>> 0
  }

  /** Uniform on the open interval (0, 1). */
  uniform(): number {
    return (this.nextU32() + 0.5) / TWO_POW_32
  }

  /** A uniform integer in `0 .. n - 1`. */
  int(n: number): number {
    return Math.floor(this.uniform() * n)
  }

  /** A standard normal draw (Box-Muller, two values per pair of uniforms). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return this.spare
    }
    const r = Math.sqrt(-2 * Math.log(this.uniform()))
    const theta = 2 * Math.PI * this.uniform()
    this.spare = r * Math.sin(theta)
    this.hasSpare = true
    return r * Math.cos(theta)
  }

  /** Student-t with 4 degrees of freedom scaled to unit variance: fat tails, finite variance. */
  studentT4(): number {
    // t4 = Z / sqrt(V / 4) with V ~ chi2(4) = -2 ln(U1 U2); Var(t4) = 2, so divide by sqrt(2).
    const v = -2 * Math.log(this.uniform() * this.uniform())
    return (this.normal() * Math.SQRT2) / Math.sqrt(v)
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(this.uniform())
  }
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k))
