/**
 * Failed-login limits, counted in memory per server process in sliding windows.
 *
 * Two limits apply to every attempt, and the longer wait wins:
 * - per account from one address: guessing one account's password;
 * - per address, whatever the user name: "password spraying", one address trying a common password across every
 *   account (a per-account limit alone lets it try each account a few times, i.e. the whole directory).
 * There is deliberately no limit per account across all addresses: anyone could then lock the real user out by
 * failing on purpose. A block ends when the window slides past the failures; a success from another address is
 * never blocked by failures elsewhere.
 */
export interface LimitSetting {
  maxFailures: number;
  windowMs: number;
}

export const LOGIN_LIMITS = {
  /** A person who mistypes can retry; a guesser gets at most 5 tries per 15 minutes (480 a day) on one account. */
  perAccountFromAddress: { maxFailures: 5, windowMs: 15 * 60_000 },
  /**
   * Enough for a shared office or commune network behind one address (several people mistyping in the same quarter
   * of an hour), far too few to sweep the accounts. A success does not reset it: otherwise an attacker holding one
   * valid account could log in with it to restart the count.
   */
  perAddress: { maxFailures: 20, windowMs: 15 * 60_000 },
} as const satisfies Record<string, LimitSetting>;

/** Above this many keys, expired ones are dropped; above twice as many, the oldest too (memory stays bounded). */
const MAX_KEYS = 50_000;

/** Counts failures per key in a sliding window. */
export class LoginRateLimiter {
  private failures = new Map<string, number[]>();
  constructor(private readonly maxFailures = 5, private readonly windowMs = 15 * 60_000) {}

  private recent(key: string, now: number) {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds until another attempt is allowed, or 0. */
  retryAfter(key: string, now = Date.now()): number {
    const list = this.recent(key, now);
    if (list.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((list[list.length - this.maxFailures] + this.windowMs - now) / 1000));
  }

  fail(key: string, now = Date.now()) {
    const list = this.recent(key, now);
    list.push(now);
    this.failures.delete(key); // re-insert: the map stays in order of last failure
    this.failures.set(key, list);
    if (this.failures.size > MAX_KEYS) this.prune(now);
  }

  succeed(key: string) {
    this.failures.delete(key);
  }

  private prune(now: number) {
    for (const key of [...this.failures.keys()]) this.recent(key, now);
    for (const key of this.failures.keys()) {
      if (this.failures.size <= MAX_KEYS) break;
      this.failures.delete(key);
    }
  }
}

/** The login limits of one server: both counters, with one question and one record per attempt. */
export class LoginLimits {
  private readonly account = new LoginRateLimiter(LOGIN_LIMITS.perAccountFromAddress.maxFailures, LOGIN_LIMITS.perAccountFromAddress.windowMs);
  private readonly address = new LoginRateLimiter(LOGIN_LIMITS.perAddress.maxFailures, LOGIN_LIMITS.perAddress.windowMs);

  private static accountKey = (ip: string, username: string) => `${ip}|${username.toLowerCase()}`;

  /** Seconds until this address may try this user name again, or 0. */
  retryAfter(ip: string, username: string, now = Date.now()): number {
    return Math.max(this.account.retryAfter(LoginLimits.accountKey(ip, username), now), this.address.retryAfter(ip, now));
  }

  fail(ip: string, username: string, now = Date.now()) {
    this.account.fail(LoginLimits.accountKey(ip, username), now);
    this.address.fail(ip, now);
  }

  succeed(ip: string, username: string) {
    this.account.succeed(LoginLimits.accountKey(ip, username));
  }
}
