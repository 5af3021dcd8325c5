import type { Clock } from '../clock.ts';

/**
 * Failed logins per client address in a sliding window, kept in memory: it slows password guessing
 * across accounts, while the per-account lockout (in the database) stops it per account. Only failures
 * count, so a community office where thirty colleagues sign in each morning behind one address is
 * never turned away.
 */
export function createLoginThrottle(clock: Clock, limit = 20, windowMs = 5 * 60 * 1000) {
  const failures = new Map<string, number[]>();
  const recent = (address: string): number[] => {
    const now = clock.now().getTime();
    return (failures.get(address) ?? []).filter((at) => now - at < windowMs);
  };
  return {
    /** False while the address has had `limit` failures within the window. */
    allow(address: string): boolean {
      return recent(address).length < limit;
    },
    recordFailure(address: string): void {
      if (failures.size > 10_000) failures.clear();
      failures.set(address, [...recent(address), clock.now().getTime()]);
    },
  };
}
