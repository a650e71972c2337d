/**
 * A small in-process queue for report builds started from the web: one build at a time, off the HTTP path (the route
 * answers 202 with the version id; the page polls the version's progress). The scheduler (server/jobs) calls
 * makeReport itself.
 */
type Job = () => Promise<unknown>;

let tail: Promise<unknown> = Promise.resolve();
let pending = 0;

/** Runs `job` after the jobs queued before it; a failing job (recorded on its version) does not stop the queue. */
export function enqueue(job: Job): void {
  pending++;
  tail = tail.then(job).catch(() => undefined).finally(() => { pending--; });
}

/** Resolves when every queued job has run (tests, shutdown). */
export async function idle(): Promise<void> {
  while (pending > 0) await tail;
}
