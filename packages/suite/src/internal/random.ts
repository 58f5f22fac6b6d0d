/**
 * A small seeded pseudo-random generator, so bootstrap intervals are the same on every run and
 * machine: mulberry32 (Tommy Ettinger's 32-bit generator), uniform in [0, 1) with 2^-32 steps.
 */
export const mulberry32 = (seed: number): (() => number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
