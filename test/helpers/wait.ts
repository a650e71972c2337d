/**
 * Waiting on a condition instead of sleeping a fixed time: a busy 2-core CI machine is slower than any fixed
 * delay, and an idle one should not wait longer than it must.
 */

/** Polls `condition` until it returns a truthy value (returned), or throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, condition: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 10; ; delay = Math.min(200, delay * 2)) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Whether `promise` has settled yet (for asserting that something is still waiting). */
export function settledState(promise: Promise<unknown>): { readonly settled: boolean } {
  const state = { settled: false };
  promise.then(() => { state.settled = true; }, () => { state.settled = true; });
  return state;
}
