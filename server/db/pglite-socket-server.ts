import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_V3 = 196608;
/** Messages after which the client waits for an answer: a batch ends there. */
const BATCH_END = new Set(['S', 'Q', 'H']);

type Job =
  | { conn: Connection; bytes: Uint8Array }
  /** Answers a client's `COPY … FROM STDIN` with CopyInResponse once its turn comes. */
  | { conn: Connection; copyStart: true }
  /** The data of a finished `COPY … FROM STDIN`, run as `COPY … FROM '/dev/blob'`. */
  | { conn: Connection; copySql: string; data: Buffer };

/** `COPY … FROM STDIN` as one simple-protocol statement (what pg-copy-streams sends). */
const COPY_FROM_STDIN = /^\s*copy\s+[^;]*?\bfrom\s+stdin\b[^;]*;?\s*$/i;

/** A simple-protocol Query message. */
function queryMessage(sql: string): Uint8Array {
  const text = Buffer.from(sql + '\0', 'utf8');
  const msg = Buffer.alloc(5 + text.length);
  msg[0] = 0x51; // 'Q'
  msg.writeInt32BE(4 + text.length, 1);
  text.copy(msg, 5);
  return new Uint8Array(msg);
}

/** CopyInResponse: text format, column count not announced (clients send rows as they are). */
const COPY_IN_RESPONSE = Buffer.from([0x47, 0, 0, 0, 7, 0, 0, 0]);

/**
 * Serves one PGlite instance to many wire-protocol clients.
 *
 * Why not PGLiteSocketServer: it queues single messages, so two clients' extended-protocol
 * sequences (Parse/Bind/Execute/Sync) can interleave and swap unnamed statements. Here a
 * client's messages are queued as a whole batch up to Sync/Query/Flush, and while one client
 * holds an open transaction only that client's batches run.
 *
 * `COPY … FROM STDIN` (simple protocol), which PGlite's protocol loop cannot run because it would
 * have to wait for the data: the server answers CopyInResponse itself, collects the CopyData
 * messages up to CopyDone, and then runs the statement as `COPY … FROM '/dev/blob'` on the
 * collected bytes — in the client's turn and transaction, answering what the statement answers
 * (CommandComplete or ErrorResponse, then ReadyForQuery). CopyFail becomes an error raised in the
 * client's turn, so its transaction is aborted as PostgreSQL would. The data of one COPY is held
 * in memory: clients send big loads as several COPY statements.
 */
export class PGliteWireServer {
  private server: net.Server | null = null;
  private queue: Job[] = [];
  private running = false;
  private txOwner: Connection | null = null;
  private conns = new Set<Connection>();

  constructor(private readonly db: PGlite) {}

  listen(socketPath: string): Promise<void> {
    this.server = net.createServer((socket) => {
      const conn = new Connection(socket, this);
      this.conns.add(conn);
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(socketPath, () => resolve());
    });
  }

  async close(): Promise<void> {
    for (const c of this.conns) c.socket.destroy();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  enqueue(job: Job) {
    this.queue.push(job);
    void this.drain();
  }

  async dropConnection(conn: Connection) {
    this.conns.delete(conn);
    this.queue = this.queue.filter((j) => j.conn !== conn);
    if (this.txOwner === conn) {
      await this.db.runExclusive(() => this.db.exec('ROLLBACK')).catch(() => undefined);
      this.txOwner = null;
      void this.drain();
    }
  }

  private nextJob(): Job | undefined {
    if (this.txOwner) {
      const i = this.queue.findIndex((j) => j.conn === this.txOwner);
      return i === -1 ? undefined : this.queue.splice(i, 1)[0];
    }
    return this.queue.shift();
  }

  private async drain() {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.nextJob(); job; job = this.nextJob()) {
        const { conn } = job;
        if ('copyStart' in job) {
          conn.write(COPY_IN_RESPONSE);
          continue;
        }
        try {
          if ('copySql' in job) await this.runCopy(conn, job.copySql, job.data);
          else {
            const { bytes } = job;
            await this.db.runExclusive(() =>
              this.db.execProtocolRawStream(bytes, { onRawData: (data) => conn.write(data) }),
            );
          }
        } catch (err) {
          conn.socket.destroy(err as Error);
        }
        this.txOwner = this.db.isInTransaction() ? conn : null;
      }
    } finally {
      this.running = false;
    }
  }

  private async runCopy(conn: Connection, sql: string, data: Buffer) {
    const fromBlob = sql.replace(/\bfrom\s+stdin\b/i, "FROM '/dev/blob'");
    await this.db.runExclusive(async () => {
      await this.db._handleBlob(new Blob([data as Uint8Array<ArrayBuffer>]));
      try {
        await this.db.execProtocolRawStream(queryMessage(fromBlob), { onRawData: (out) => conn.write(out) });
      } finally {
        await this.db._cleanupBlob();
      }
    });
  }
}

class Connection {
  /** Received bytes not parsed yet; joined only once a whole message is there (no quadratic copying). */
  private chunks: Buffer[] = [];
  private received = 0;
  private need = 8;
  private pending: Buffer[] = [];
  private started = false;
  /** Inside `COPY … FROM STDIN`: the statement and the data received so far. */
  private copy: { sql: string; data: Buffer[] } | null = null;

  constructor(readonly socket: net.Socket, private readonly server: PGliteWireServer) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => void server.dropConnection(this));
  }

  write(data: Uint8Array) {
    // Copy: the bytes may be a view on the database's memory, reused before a backpressured socket sends them.
    if (data.length && this.socket.writable) this.socket.write(Buffer.from(data));
  }

  private onData(chunk: Buffer) {
    this.chunks.push(chunk);
    this.received += chunk.length;
    if (this.received < this.need) return;
    let buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.received);
    this.chunks = [];
    this.received = 0;
    for (;;) {
      if (!this.started) {
        if (buffer.length < 8) return this.keep(buffer, 8);
        const len = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        if (buffer.length < len) return this.keep(buffer, len);
        const msg = buffer.subarray(0, len);
        buffer = buffer.subarray(len);
        if (code === SSL_REQUEST) {
          this.socket.write('N');
        } else if (code === CANCEL_REQUEST) {
          this.socket.end();
          return;
        } else if (code === PROTOCOL_V3) {
          this.started = true;
          this.server.enqueue({ conn: this, bytes: new Uint8Array(msg) });
        } else {
          this.socket.destroy();
          return;
        }
        continue;
      }
      if (buffer.length < 5) return this.keep(buffer, 5);
      const len = 1 + buffer.readInt32BE(1);
      if (buffer.length < len) return this.keep(buffer, len);
      const type = String.fromCharCode(buffer[0]);
      const msg = buffer.subarray(0, len);
      buffer = buffer.subarray(len);
      if (type === 'X') {
        this.socket.end();
        return;
      }
      if (this.copy) {
        this.onCopyMessage(type, msg);
        continue;
      }
      if (type === 'Q' && this.pending.length === 0) {
        const sql = msg.toString('utf8', 5, len - 1);
        if (COPY_FROM_STDIN.test(sql)) {
          this.copy = { sql, data: [] };
          this.server.enqueue({ conn: this, copyStart: true });
          continue;
        }
      }
      this.pending.push(Buffer.from(msg));
      if (BATCH_END.has(type)) {
        const bytes = new Uint8Array(Buffer.concat(this.pending));
        this.pending = [];
        this.server.enqueue({ conn: this, bytes });
      }
    }
  }

  /** Keeps an incomplete message until `need` bytes are there. */
  private keep(buffer: Buffer, need: number) {
    if (buffer.length) {
      this.chunks = [buffer];
      this.received = buffer.length;
    }
    this.need = need;
  }

  private onCopyMessage(type: string, msg: Buffer) {
    const copy = this.copy!;
    if (type === 'd') {
      copy.data.push(msg.subarray(5));
    } else if (type === 'c') {
      this.copy = null;
      this.server.enqueue({ conn: this, copySql: copy.sql, data: Buffer.concat(copy.data) });
    } else if (type === 'f' || (type !== 'H' && type !== 'S')) {
      // CopyFail (or a message that has no place in a copy): fail the statement in the client's turn.
      this.copy = null;
      const reason = type === 'f' ? msg.toString('utf8', 5, msg.length - 1) : `unexpected message type "${type}" during COPY`;
      const literal = `'COPY from stdin failed: ${reason.replace(/'/g, "''").replace(/\$/g, '')}'`;
      this.server.enqueue({ conn: this, bytes: queryMessage(`DO $copy_fail$ BEGIN RAISE EXCEPTION USING ERRCODE = '57014', MESSAGE = ${literal}; END $copy_fail$`) });
    }
    // Flush and Sync are ignored during a copy (protocol).
  }
}
