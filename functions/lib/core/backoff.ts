/**
 * Exponential backoff with full jitter (AWS Architecture Blog): a random delay between 0 and
 * min(cap, base * 2^attempt), so retries of many jobs spread out instead of arriving together.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
