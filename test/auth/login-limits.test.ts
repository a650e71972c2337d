/**
 * Login against account enumeration and password spraying: an unknown (or disabled) user name costs the same
 * password check as an existing one, and failed logins are limited per account from an address and per address.
 */
import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { testApp, addUser, TEST_PASSWORD } from '../helpers/app.ts';
import { LOGIN_LIMITS } from '../../server/auth/rate-limit.ts';

let database: TestDatabase;
let app: FastifyInstance;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await testApp(database);
  for (let i = 0; i < 25; i++) await addUser(database, `canbo${i}`, 'commune', ['05443']);
  await addUser(database, 'nghiviec', 'commune', ['05443']);
  await database.pool.query(`UPDATE app_user SET active = false WHERE username = 'nghiviec'`);
});
afterAll(async () => {
  vi.useRealTimers();
  await app.close();
  await database.destroy();
});

let addressSeq = 0;
/** A fresh client address for each attempt that should not meet a limit. */
const freshAddress = () => `10.20.${Math.floor(++addressSeq / 250)}.${(addressSeq % 250) + 1}`;

const attempt = (username: string, password: string, remoteAddress = freshAddress()) =>
  app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });

async function timed(username: string, password: string) {
  const t0 = performance.now();
  const res = await attempt(username, password);
  const ms = performance.now() - t0;
  expect(res.statusCode).toBe(401);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('login timing', () => {
  it('takes as long for an unknown or disabled user name as for a wrong password of an existing account', async () => {
    const known: number[] = [], unknown: number[] = [], disabled: number[] = [];
    await timed('canbo0', 'SaiMatKhau1'); // warm-up (connection, JIT)
    for (let i = 0; i < 11; i++) {
      // Interleaved, so a burst of load on the machine hits all three series alike.
      known.push(await timed('canbo0', 'SaiMatKhau1'));
      unknown.push(await timed(`khongco${i}`, 'SaiMatKhau1'));
      disabled.push(await timed('nghiviec', TEST_PASSWORD));
    }
    const k = median(known);
    // Before: about 0.1× (no password check at all for unknown or disabled accounts).
    expect(median(unknown), `unknown ${median(unknown).toFixed(1)} ms vs known ${k.toFixed(1)} ms`).toBeGreaterThanOrEqual(0.5 * k);
    expect(median(disabled), `disabled ${median(disabled).toFixed(1)} ms vs known ${k.toFixed(1)} ms`).toBeGreaterThanOrEqual(0.5 * k);
  });
});

describe('failed-login limits', () => {
  it('stops one address trying a password across many accounts (429, Retry-After, Vietnamese)', async () => {
    const sprayer = '203.0.113.7';
    const max = LOGIN_LIMITS.perAddress.maxFailures;
    for (let i = 0; i < max; i++) expect((await attempt(`canbo${i % 25}`, 'Matkhau2026', sprayer)).statusCode).toBe(401);
    const blocked = await attempt('canbo24', 'Matkhau2026', sprayer);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.message).toMatch(/^Đăng nhập sai quá nhiều lần\. Vui lòng thử lại sau \d+ phút\.$/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(LOGIN_LIMITS.perAddress.windowMs / 1000);
    // Even the right password of an account it never tried is refused from that address…
    expect((await attempt('canbo24', TEST_PASSWORD, sprayer)).statusCode).toBe(429);
    // …while the accounts themselves are not locked: their users log in from their own addresses.
    expect((await attempt('canbo1', TEST_PASSWORD, '198.51.100.1')).statusCode).toBe(200);
  });

  it('still limits one account from one address, does not block it from another, and lifts the block after the window', async () => {
    const guesser = '203.0.113.50';
    const max = LOGIN_LIMITS.perAccountFromAddress.maxFailures;
    expect(max).toBeLessThan(LOGIN_LIMITS.perAddress.maxFailures);
    for (let i = 0; i < max; i++) expect((await attempt('canbo3', `Sai${i}matkhau`, guesser)).statusCode).toBe(401);
    expect((await attempt('canbo3', TEST_PASSWORD, guesser)).statusCode).toBe(429);
    // Another account from the same address is not blocked by this account's count (the address is below its limit).
    expect((await attempt('canbo4', TEST_PASSWORD, guesser)).statusCode).toBe(200);
    // The account's user logs in from elsewhere.
    expect((await attempt('canbo3', TEST_PASSWORD, '198.51.100.2')).statusCode).toBe(200);
    // A sliding window: once it has passed, the address may try again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + LOGIN_LIMITS.perAccountFromAddress.windowMs + 1000);
    try {
      expect((await attempt('canbo3', TEST_PASSWORD, guesser)).statusCode).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});
