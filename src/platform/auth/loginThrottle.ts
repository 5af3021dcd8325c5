import type { Clock } from '../clock.ts';

/**
 * Login attempts per client address in a sliding window, kept in memory: it slows password
 * guessing across accounts, while the per-account lockout (in the database) stops it per account.
 */
export function createLoginThrottle(clock: Clock, limit = 20, windowMs = 5 * 60 * 1000) {
  const attempts = new Map<string, number[]>();
  return {
    /** Records an attempt; false when the address is over its limit. */
    allow(address: string): boolean {
      const now = clock.now().getTime();
      const recent = (attempts.get(address) ?? []).filter((at) => now - at < windowMs);
      recent.push(now);
      attempts.set(address, recent);
      if (attempts.size > 10_000) attempts.clear();
      return recent.length <= limit;
    },
  };
}
