/** How numbers, sizes, durations and times read on the page. Missing values read as an en dash. */

export const DASH = "–"

export const int = (n: number | null | undefined): string => (n === null || n === undefined ? DASH : n.toLocaleString("en-US"))

export const fixed = (n: number | null | undefined, digits = 2): string =>
  n === null || n === undefined || !Number.isFinite(n) ? DASH : n.toFixed(digits)

/** A difference with its sign: +0.12, −0.30. */
export const signed = (n: number | null | undefined, digits = 2): string => {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH
  const text = Math.abs(n).toFixed(digits)
  return Number(text) === 0 ? text : `${n > 0 ? "+" : "−"}${text}`
}

/** A metric value: small or large numbers in exponent form, others with four significant digits. */
export const metric = (n: number | null | undefined): string => {
  if (n === null || n === undefined || !Number.isFinite(n)) return DASH
  const abs = Math.abs(n)
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return n.toExponential(2)
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toPrecision(4).replace(/\.?0+$/, "")
}

export const bytes = (n: number): string =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KB` : `${n} bytes`

export const duration = (ms: number | null | undefined): string => {
  if (ms === null || ms === undefined) return DASH
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** `2026-01-02 18:30` in the viewer's time zone. */
export const dateTime = (iso: string | null | undefined): string => {
  if (iso === null || iso === undefined) return DASH
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`
}

export const plural = (n: number, word: string, many = `${word}s`): string => `${int(n)} ${n === 1 ? word : many}`
