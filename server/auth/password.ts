import crypto from 'node:crypto';

const N = 16384, R = 8, P = 1, KEYLEN = 32;

/** scrypt hash in the form scrypt$N$r$p$salt$hash (base64). */
export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, KEYLEN, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

const scrypt = (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => crypto.scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))));

/** Off the event loop (libuv's thread pool): one login must not stall every other request for ~40 ms. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [algo, n, r, p, salt, hash] = stored.split('$');
  if (algo !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p) });
  return crypto.timingSafeEqual(expected, actual);
}

let noAccountHash: Promise<string> | undefined;
/** A hash with the current parameters that no password matches (its password is random and thrown away). */
export function noAccountPasswordHash(): Promise<string> {
  noAccountHash ??= (async () => {
    const salt = crypto.randomBytes(16);
    const hash = await scrypt(crypto.randomBytes(32).toString('base64'), salt, KEYLEN, { N, r: R, p: P });
    return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
  })();
  return noAccountHash;
}

/**
 * Checks a login's password with the same work whether or not the account exists or may log in: an unknown user
 * name is checked against a dummy hash of the same cost, so the answer time does not reveal which names exist.
 */
export async function checkLoginPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  if (stored) return verifyPassword(password, stored);
  await verifyPassword(password, await noAccountPasswordHash());
  return false;
}

const TEMPORARY_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password after a reset: 14 random characters (no look-alikes), always with letters and digits. */
export function generateTemporaryPassword(): string {
  for (;;) {
    const candidate = Array.from({ length: 14 }, () => TEMPORARY_ALPHABET[crypto.randomInt(TEMPORARY_ALPHABET.length)]).join('');
    if (!passwordProblem(candidate)) return candidate;
  }
}

/** The one strength rule of every password (creation, change, reset): Vietnamese reason it is too weak, or null. */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return 'Mật khẩu phải có ít nhất 8 ký tự';
  if (!/[0-9]/.test(password) || !/[A-Za-zÀ-ỹ]/.test(password)) return 'Mật khẩu phải có cả chữ và số';
  return null;
}
