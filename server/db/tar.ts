/**
 * A small streaming tar (ustar) writer and reader for backups, used under node:zlib's gzip.
 *
 * Why our own: no tar library is a direct dependency (tar-stream only arrives through exceljs's
 * archiver, which may drop it in any release), and a backup needs only regular files written in
 * order and read back in order — about a hundred lines. Entries larger than ustar's 8 GiB octal
 * limit use the GNU base-256 size field, which GNU tar and bsdtar read too.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const BLOCK = 512;
const ZEROS = Buffer.alloc(BLOCK * 2);
const MAX_OCTAL_SIZE = 8 ** 11 - 1;

/** A broken archive: the message is Vietnamese, shown to the user. */
export class TarError extends Error {}

type Fail = (why: string) => Error;
const tarError: Fail = (why) => new TarError(why);

function header(name: string, size: number, mtime: Date): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(name) > 100) throw new Error(`tar entry name too long: ${name}`);
  h.write(name, 0, 100, 'utf8');
  h.write('0000600\0', 100); // mode: owner read/write only
  h.write('0000000\0', 108); // uid
  h.write('0000000\0', 116); // gid
  if (size <= MAX_OCTAL_SIZE) h.write(size.toString(8).padStart(11, '0') + '\0', 124);
  else {
    h[124] = 0x80;
    h.writeBigUInt64BE(BigInt(size), 128);
  }
  h.write(Math.floor(mtime.getTime() / 1000).toString(8).padStart(11, '0') + '\0', 136);
  h.write('        ', 148); // checksum placeholder
  h.write('0', 156); // regular file
  h.write('ustar\0' + '00', 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** Writes tar entries to `out` with back-pressure. */
export class TarWriter {
  private readonly mtime = new Date();

  constructor(private readonly out: Writable) {}

  private async write(chunk: Buffer) {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async add(name: string, data: Buffer): Promise<void> {
    await this.write(header(name, data.length, this.mtime));
    await this.write(data);
    await this.pad(data.length);
  }

  /** An entry whose size is known in advance; fails if the source yields another number of bytes. */
  async addStream(name: string, size: number, source: AsyncIterable<Buffer>): Promise<void> {
    await this.write(header(name, size, this.mtime));
    let written = 0;
    for await (const chunk of source) {
      written += chunk.length;
      if (written > size) break;
      await this.write(chunk);
    }
    if (written !== size) throw new Error(`${name}: size changed while it was archived (${size} → ${written} bytes)`);
    await this.pad(size);
  }

  private async pad(size: number) {
    const rest = size % BLOCK;
    if (rest) await this.write(ZEROS.subarray(0, BLOCK - rest));
  }

  /** Writes the end-of-archive blocks and ends `out`. */
  async end(): Promise<void> {
    await this.write(ZEROS);
    this.out.end();
  }
}

/** Reads exact byte counts from an async stream of chunks. */
class ChunkReader {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly iterator: AsyncIterator<Buffer>;
  private done = false;

  constructor(input: AsyncIterable<Buffer>, private readonly fail: Fail) {
    this.iterator = input[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, next.value]) : next.value;
    return true;
  }

  /** Exactly n bytes; null at a clean end of input (nothing left); throws when cut short. */
  async read(n: number): Promise<Buffer | null> {
    while (this.buffered.length < n) {
      if (!(await this.fill())) {
        if (this.buffered.length === 0) return null;
        throw this.fail('tệp bị cắt cụt (thiếu phần cuối)');
      }
    }
    const out = this.buffered.subarray(0, n);
    this.buffered = this.buffered.subarray(n);
    return out;
  }

  /** n bytes as they arrive. */
  async *stream(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buffered.length === 0 && !(await this.fill())) throw this.fail('tệp bị cắt cụt (thiếu phần cuối)');
      const piece = this.buffered.subarray(0, Math.min(left, this.buffered.length));
      this.buffered = this.buffered.subarray(piece.length);
      left -= piece.length;
      yield piece;
    }
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** The entry's bytes; read it fully (or not at all) before asking for the next entry. */
  body: AsyncGenerator<Buffer>;
}

function parseHeader(h: Buffer, fail: Fail): { name: string; size: number; type: string } {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  const stored = parseInt(h.toString('latin1', 148, 156).replace(/\0.*$/s, '').trim(), 8);
  if (h.toString('latin1', 257, 262) !== 'ustar' || stored !== sum) throw fail('phần đầu của một mục trong tệp không hợp lệ');
  const cString = (from: number, to: number) => h.toString('utf8', from, to).replace(/\0.*$/s, '');
  const prefix = cString(345, 500);
  const name = (prefix ? `${prefix}/` : '') + cString(0, 100);
  const size = h[124] & 0x80 ? Number(h.readBigUInt64BE(128)) : parseInt(cString(124, 136).trim() || '0', 8);
  if (!Number.isSafeInteger(size) || size < 0) throw fail(`kích thước mục ${name} không hợp lệ`);
  return { name, size, type: h.toString('latin1', 156, 157) };
}

/** The regular-file entries of a tar stream, in order; `fail` makes the error of a broken archive. */
export async function* readTar(input: AsyncIterable<Buffer>, fail: Fail = tarError): AsyncGenerator<TarEntry> {
  const reader = new ChunkReader(input, fail);
  for (;;) {
    const block = await reader.read(BLOCK);
    if (block === null) throw fail('tệp bị cắt cụt (thiếu dấu kết thúc)');
    if (block.every((b) => b === 0)) return;
    const { name, size, type } = parseHeader(block, fail);
    let left = size;
    async function* body() {
      for await (const piece of reader.stream(left)) {
        left -= piece.length;
        yield piece;
      }
    }
    if (type === '0' || type === '\0') yield { name, size, body: body() };
    for await (const _ of reader.stream(left)) void _; // skip what the consumer left unread
    const rest = size % BLOCK;
    if (rest && (await reader.read(BLOCK - rest)) === null) throw fail('tệp bị cắt cụt (thiếu phần cuối)');
  }
}
