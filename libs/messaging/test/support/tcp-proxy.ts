import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a test can cut and restore, to take a dependency away from one client only
 * (here: PostgreSQL, which other test files share and must keep); with `recordClients`, it also
 * keeps what the clients send, for a test to read the protocol they speak.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private readonly fromClients: Buffer[] = [];

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
    private readonly recordClients: boolean,
  ) {}

  static async start(
    targetHost: string,
    targetPort: number,
    options: { recordClients?: boolean } = {},
  ): Promise<TcpProxy> {
    const proxy = new TcpProxy(targetHost, targetPort, options.recordClients ?? false);
    await proxy.restore();
    return proxy;
  }

  get listeningPort(): number {
    return this.port;
  }

  /** Everything the clients have sent so far (with `recordClients`), as Latin-1 text. */
  clientText(): string {
    return Buffer.concat(this.fromClients).toString('latin1');
  }

  async restore(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect({ host: this.targetHost, port: this.targetPort });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      if (this.recordClients) {
        client.on('data', (chunk: Buffer) => this.fromClients.push(chunk));
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    this.port = typeof address === 'object' && address ? address.port : this.port;
    this.server = server;
  }

  /** Drops every open connection and refuses new ones until restore(). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.sockets.forEach((socket) => socket.destroy());
    if (server) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}
