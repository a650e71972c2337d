/**
 * Exact arithmetic for amounts in đồng: rates such as 0.015 or 0.0003 are read as decimals, products
 * are kept as exact fractions (BigInt) and rounded once, half up, to the đồng — no binary-float drift.
 */

export class Fraction {
  constructor(readonly num: bigint, readonly den: bigint = 1n) {
    if (den === 0n) throw new Error('Fraction with zero denominator');
  }

  /** The exact decimal value of a JS number as written (0.015 → 15/1000). */
  static of(x: number | bigint | Fraction): Fraction {
    if (x instanceof Fraction) return x;
    if (typeof x === 'bigint') return new Fraction(x);
    if (!Number.isFinite(x)) throw new Error(`Not a finite number: ${x}`);
    const [mantissa, expPart] = String(x).toLowerCase().split('e');
    const exp = expPart ? Number(expPart) : 0;
    const negative = mantissa.startsWith('-');
    const [intPart, fracPart = ''] = mantissa.replace('-', '').split('.');
    let num = BigInt(intPart + fracPart) * (negative ? -1n : 1n);
    let den = 10n ** BigInt(fracPart.length);
    if (exp > 0) num *= 10n ** BigInt(exp);
    if (exp < 0) den *= 10n ** BigInt(-exp);
    return new Fraction(num, den).reduce();
  }

  reduce(): Fraction {
    const g = gcd(this.num < 0n ? -this.num : this.num, this.den);
    return g > 1n ? new Fraction(this.num / g, this.den / g) : this;
  }
  mul(o: number | Fraction): Fraction {
    const f = Fraction.of(o);
    return new Fraction(this.num * f.num, this.den * f.den).reduce();
  }
  div(o: number | Fraction): Fraction {
    const f = Fraction.of(o);
    const sign = f.num < 0n ? -1n : 1n;
    return new Fraction(this.num * f.den * sign, this.den * f.num * sign).reduce();
  }
  add(o: number | Fraction): Fraction {
    const f = Fraction.of(o);
    return new Fraction(this.num * f.den + f.num * this.den, this.den * f.den).reduce();
  }
  /** Rounded half up (away from zero) to an integer number. */
  round(): number {
    const neg = this.num < 0n;
    const n = neg ? -this.num : this.num;
    const q = (2n * n + this.den) / (2n * this.den);
    return Number(neg ? -q : q);
  }
  floor(): number {
    const q = this.num / this.den;
    return Number(this.num < 0n && q * this.den !== this.num ? q - 1n : q);
  }
  toNumber(): number {
    return Number(this.num) / Number(this.den);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** amount × r1 × r2 × … rounded half up to the đồng. */
export function mulRound(amount: number, ...factors: number[]): number {
  return factors.reduce((acc, f) => acc.mul(f), Fraction.of(amount)).round();
}
