import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_V3 = 196608;
/** Messages after which the client waits for an answer: a batch ends there. */
const BATCH_END = new Set(['S', 'Q', 'H']);

interface Job {
  conn: Connection;
  bytes: Uint8Array;
}

/**
 * Serves one PGlite instance to many wire-protocol clients.
 *
 * Why not PGLiteSocketServer: it queues single messages, so two clients' extended-protocol
 * sequences (Parse/Bind/Execute/Sync) can interleave and swap unnamed statements. Here a
 * client's messages are queued as a whole batch up to Sync/Query/Flush, and while one client
 * holds an open transaction only that client's batches run.
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
        const { conn, bytes } = job;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(bytes, { onRawData: (data) => conn.write(data) }),
          );
        } catch (err) {
          conn.socket.destroy(err as Error);
        }
        this.txOwner = this.db.isInTransaction() ? conn : null;
      }
    } finally {
      this.running = false;
    }
  }
}

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Buffer[] = [];
  private started = false;

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
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) return;
        const len = this.buffer.readInt32BE(0);
        const code = this.buffer.readInt32BE(4);
        if (this.buffer.length < len) return;
        const msg = this.buffer.subarray(0, len);
        this.buffer = this.buffer.subarray(len);
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
      if (this.buffer.length < 5) return;
      const len = 1 + this.buffer.readInt32BE(1);
      if (this.buffer.length < len) return;
      const type = String.fromCharCode(this.buffer[0]);
      const msg = this.buffer.subarray(0, len);
      this.buffer = this.buffer.subarray(len);
      if (type === 'X') {
        this.socket.end();
        return;
      }
      this.pending.push(Buffer.from(msg));
      if (BATCH_END.has(type)) {
        const bytes = new Uint8Array(Buffer.concat(this.pending));
        this.pending = [];
        this.server.enqueue({ conn: this, bytes });
      }
    }
  }
}
