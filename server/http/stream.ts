import { PassThrough, type Readable } from 'node:stream';

/** Enough of an export to know its queries run: the header and the first page of rows. */
const PRIME_BYTES = 64 * 1024;

/**
 * A streamed download, started only once its first `primeBytes` are produced (or it has ended): an export whose
 * query fails is answered with an error status and message, never as a 200 that breaks off. Memory stays bounded
 * (at most `primeBytes` and one chunk held before sending).
 */
export function primed(source: Readable, primeBytes = PRIME_BYTES): Promise<Readable> {
  return new Promise((resolve, reject) => {
    const head: Buffer[] = [];
    let size = 0;
    const stop = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    const release = (ended: boolean) => {
      stop();
      const out = new PassThrough();
      for (const chunk of head) out.write(chunk);
      if (ended) out.end();
      else {
        source.on('error', (err) => out.destroy(err));
        source.pipe(out);
      }
      resolve(out);
    };
    function onData(chunk: Buffer | string) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      head.push(buffer);
      size += buffer.length;
      if (size >= primeBytes) {
        source.pause();
        release(false);
      }
    }
    function onEnd() {
      release(true);
    }
    function onError(err: Error) {
      stop();
      reject(err);
    }
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
  });
}
