/** The part of autocannon's API the benchmarks use (the package ships no types). */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';
  interface Options { url: string; connections?: number; amount?: number; duration?: number; pipelining?: number; headers?: Record<string, string>; connectionRate?: number; overallRate?: number }
  interface Histogram { average: number; p50: number; p90: number; p97_5: number; p99: number; max: number }
  interface Result { requests: Histogram; latency: Histogram; errors: number; non2xx: number }
  type Instance = EventEmitter & PromiseLike<Result> & { stop(): void };
  function autocannon(options: Options): Instance;
  export default autocannon;
}
