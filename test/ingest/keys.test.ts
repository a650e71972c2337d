/** Duplicate-key registry of an import (server/ingest/keys.ts): digit keys in typed arrays, others in a Map. */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { KeyRegistry } from '../../server/ingest/keys.ts';

describe('KeyRegistry', () => {
  it('answers the first row of every key, as a Map would, across growth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(
          fc.stringMatching(/^\d{9,12}$/),
          fc.constantFrom('019185001234', '19185001234', '019185001234|2026', 'bhxh:0612345679', '0191886.6054', '12345678', '1234567890123'),
        ), { maxLength: 300 }),
        (keys) => {
          const registry = new KeyRegistry();
          const reference = new Map<string, number>();
          keys.forEach((key, row) => {
            const expected = reference.get(key);
            if (expected === undefined) reference.set(key, row);
            expect(registry.firstOrAdd(key, row)).toBe(expected);
          });
          expect(registry.size).toBe(reference.size);
        },
      ),
    );
  });

  it('keeps digit keys of different lengths apart (a lost leading zero is another key)', () => {
    const registry = new KeyRegistry();
    expect(registry.firstOrAdd('019185001234', 2)).toBeUndefined();
    expect(registry.firstOrAdd('19185001234', 3)).toBeUndefined();
    expect(registry.firstOrAdd('000000000', 4)).toBeUndefined();
    expect(registry.firstOrAdd('0000000000', 5)).toBeUndefined();
    expect(registry.firstOrAdd('019185001234', 6)).toBe(2);
    expect(registry.firstOrAdd('000000000', 7)).toBe(4);
  });

  it('holds 300 000 ID keys (several table growths) and finds every duplicate', () => {
    const registry = new KeyRegistry();
    let fresh = 0;
    for (let i = 0; i < 300_000; i++) if (registry.firstOrAdd(`0191${String(i * 7).padStart(8, '0')}`, i + 2) === undefined) fresh++;
    expect(fresh).toBe(300_000);
    for (let i = 0; i < 300_000; i += 997) expect(registry.firstOrAdd(`0191${String(i * 7).padStart(8, '0')}`, 1)).toBe(i + 2);
    expect(registry.size).toBe(300_000);
  });
});
