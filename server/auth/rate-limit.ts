/** Counts failed logins per key (IP + username) in a sliding window; in memory, per process. */
export class LoginRateLimiter {
  private failures = new Map<string, number[]>();
  constructor(private readonly maxFailures = 5, private readonly windowMs = 15 * 60_000) {}

  private recent(key: string, now: number) {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    this.failures.set(key, list);
    return list;
  }

  /** Seconds until another attempt is allowed, or 0. */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.maxFailures) return 0;
    return Math.ceil((list[0] + this.windowMs - now) / 1000);
  }

  fail(key: string, now = Date.now()) {
    this.recent(key, now).push(now);
  }

  succeed(key: string) {
    this.failures.delete(key);
  }
}
