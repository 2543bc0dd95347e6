/*
 * The arithmetic of the cluster's economy, in whole grosze: a consortium's budget divided among its
 * members and the cluster's margin, and a joint purchase's price tiers. Integers only (BigInt where
 * a product could pass 2^53), so every division adds up to the whole.
 */

/**
 * Splits `total` in proportion to `weights` by the largest-remainder method: each gets the floor
 * of its exact share, and the grosze left go one each to the largest remainders (ties: the
 * earlier). The parts always sum to `total`. All weights zero: equal parts.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const w = weights.every((x) => x <= 0) ? weights.map(() => 1n) : weights.map((x) => BigInt(Math.max(0, x)));
  const sum = w.reduce((a, b) => a + b, 0n);
  const whole = BigInt(total);
  const floors = w.map((x) => (whole * x) / sum);
  const remainders = w.map((x, i) => ({ i, r: (whole * x) % sum }));
  let left = Number(whole - floors.reduce((a, b) => a + b, 0n));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const parts = floors.map(Number);
  for (const { i } of remainders) {
    if (left <= 0) break;
    parts[i]! += 1;
    left--;
  }
  return parts;
}

/** The cluster's margin on a budget: basis points of it, rounded half up to the grosz. */
export function marginOf(budget: number, basisPoints: number): number {
  return Number((BigInt(budget) * BigInt(basisPoints) + 5_000n) / 10_000n);
}

/**
 * A consortium's budget: the cluster's margin first, the rest among the members in proportion to
 * the prices they declared (equal parts when any of them declared none).
 */
export function divideBudget(budget: number, basisPoints: number, declaredPrices: readonly (number | null)[]): { margin: number; shares: number[] } {
  const margin = marginOf(budget, basisPoints);
  const weights = declaredPrices.some((p) => p === null || p <= 0) ? declaredPrices.map(() => 1) : declaredPrices.map((p) => p ?? 0);
  return { margin, shares: largestRemainder(budget - margin, weights) };
}

/** One price tier: from `min` units in total, `price` grosze a unit. */
export interface PriceTier {
  min: number;
  price: number;
}

/** The tier a total quantity reaches (the highest minimum at or below it); none below the first. */
export function tierFor(tiers: readonly PriceTier[], total: number): PriceTier | undefined {
  let reached: PriceTier | undefined;
  for (const tier of tiers) if (total >= tier.min) reached = tier;
  return reached;
}

/** The next tier up from a total, if any: how many more units would lower the price. */
export function nextTier(tiers: readonly PriceTier[], total: number): PriceTier | undefined {
  return tiers.find((tier) => tier.min > total);
}

/** Tiers as stored: JSON [[min, price], …]. */
export function readTiers(json: string): PriceTier[] {
  const rows = JSON.parse(json) as [number, number][];
  return rows.map(([min, price]) => ({ min, price }));
}

export function writeTiers(tiers: readonly PriceTier[]): string {
  return JSON.stringify(tiers.map((t) => [t.min, t.price]));
}
