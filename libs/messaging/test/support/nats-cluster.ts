import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, NatsServerProcess } from './nats-server-process.js';

/**
 * Three nats-servers on loopback ports forming one JetStream cluster (routes between all of them),
 * each with its own store directory under one temporary directory: what the chart and compose run,
 * small enough for a test that takes one node away.
 */
export class NatsCluster {
  private constructor(
    readonly nodes: NatsServerProcess[],
    private readonly dir: string,
  ) {}

  static async start(size = 3): Promise<NatsCluster> {
    const dir = await mkdtemp(join(tmpdir(), 'moni-nats-cluster-'));
    const clusterPorts = await Promise.all(Array.from({ length: size }, () => freePort()));
    const routes = clusterPorts.map((port) => `nats://127.0.0.1:${port}`).join(',');
    const nodes = await Promise.all(
      clusterPorts.map((clusterPort, index) =>
        NatsServerProcess.start({
          storeDir: join(dir, `node-${index}`),
          args: [
            '--cluster_name',
            'moni-test',
            '--cluster',
            `nats://127.0.0.1:${clusterPort}`,
            '--routes',
            routes,
          ],
        }),
      ),
    );
    return new NatsCluster(nodes, dir);
  }

  /** Every node's client URL: a client given all of them fails over to the others. */
  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  /** The node whose server name JetStream reports (e.g. a stream's leader). */
  nodeNamed(serverName: string): NatsServerProcess {
    const node = this.nodes.find((candidate) => candidate.name === serverName);
    if (!node) {
      throw new Error(`no node named ${serverName}`);
    }
    return node;
  }

  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((node) => node.kill('SIGTERM')));
    await rm(this.dir, { recursive: true, force: true });
  }
}
