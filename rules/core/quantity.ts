/**
 * Kubernetes resource quantities (`500m`, `0.5`, `1Gi`, `1e3`), parsed to numbers so that `1000m` equals `1` and
 * `1024Mi` equals `1Gi`.
 */

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;

/** The value of a quantity, or undefined when the text is not one. */
export function parseQuantity(text: string): number | undefined {
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  if (m[2] !== undefined && m[3] !== undefined) return undefined; // `1e3Ki` is not a quantity
  const base = Number(m[1]) * (m[2] !== undefined ? 10 ** Number(m[2]) : 1);
  return base * SUFFIX[m[3] ?? ''];
}

/** Whether two quantities are equal (relative tolerance for binary/decimal float noise). */
export function sameQuantity(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}
