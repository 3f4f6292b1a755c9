import net from 'node:net';
import path from 'node:path';
import {
  findExecutable,
  firstNatsServer,
  natsCredentialsOf,
  parseNatsInfo,
  planNats,
  probeNats,
  type NatsProbe,
} from './nats.js';

const INFO = 'INFO {"server_id":"N1","version":"2.10.24","jetstream":true,"max_payload":1048576}';

function fakeServer(greeting: string | undefined): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => {
    if (greeting !== undefined) {
      socket.write(greeting);
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

describe('firstNatsServer', () => {
  it('reads host and port of the first server in a NATS_URL list', () => {
    expect(firstNatsServer('nats://user:secret@nats-1:4333,nats://nats-2:4222')).toEqual({
      host: 'nats-1',
      port: 4333,
    });
  });

  it('accepts a bare host:port and defaults the port to 4222', () => {
    expect(firstNatsServer('127.0.0.1:4225')).toEqual({ host: '127.0.0.1', port: 4225 });
    expect(firstNatsServer('tls://nats.example')).toEqual({ host: 'nats.example', port: 4222 });
  });

  it('does not probe WebSocket URLs', () => {
    expect(firstNatsServer('wss://nats.example/ws')).toBeUndefined();
  });
});

describe('parseNatsInfo', () => {
  it('reads the version and whether JetStream is on from the INFO greeting', () => {
    expect(parseNatsInfo(`${INFO}\r`)).toEqual({ jetstream: true, version: '2.10.24' });
    expect(parseNatsInfo('INFO {"version":"2.9.10"}')).toEqual({ jetstream: false, version: '2.9.10' });
  });

  it('rejects anything that is not an INFO greeting', () => {
    expect(parseNatsInfo('SSH-2.0-OpenSSH_9.2')).toBeUndefined();
    expect(parseNatsInfo('INFO {not json}')).toBeUndefined();
    expect(parseNatsInfo('+OK')).toBeUndefined();
  });
});

describe('probeNats', () => {
  it('answers ok with the server info when a NATS server greets', async () => {
    const server = await fakeServer(`${INFO}\r\n`);
    try {
      await expect(probeNats({ host: '127.0.0.1', port: server.port })).resolves.toEqual({
        ok: true,
        info: { jetstream: true, version: '2.10.24' },
      });
    } finally {
      await server.close();
    }
  });

  it('says "not a NATS server" when something else answers on the port', async () => {
    const server = await fakeServer('HTTP/1.1 400 Bad Request\r\n\r\n');
    try {
      await expect(probeNats({ host: '127.0.0.1', port: server.port })).resolves.toEqual({
        ok: false,
        reason: 'not a NATS server (no INFO greeting)',
      });
    } finally {
      await server.close();
    }
  });

  it('gives up on a server that accepts but never greets', async () => {
    const server = await fakeServer(undefined);
    try {
      await expect(probeNats({ host: '127.0.0.1', port: server.port }, 100)).resolves.toEqual({
        ok: false,
        reason: 'no greeting within 100 ms',
      });
    } finally {
      await server.close();
    }
  });

  it('reports a refused connection', async () => {
    const server = await fakeServer(undefined);
    const { port } = server;
    await server.close();
    await expect(probeNats({ host: '127.0.0.1', port })).resolves.toEqual({
      ok: false,
      reason: 'ECONNREFUSED',
    });
  });
});

describe('planNats', () => {
  const up: NatsProbe = { ok: true, info: { jetstream: true, version: '2.10.24' } };
  const down: NatsProbe = { ok: false, reason: 'ECONNREFUSED' };

  it('uses NATS_URL when it is set, whatever runs locally', () => {
    expect(planNats({ configuredUrl: 'nats://nats:4222', local: up })).toEqual({
      kind: 'configured',
      url: 'nats://nats:4222',
    });
  });

  it('uses the server on 127.0.0.1:4222 when it answers with JetStream', () => {
    expect(planNats({ local: up, binary: '/usr/sbin/nats-server' })).toMatchObject({
      kind: 'local',
      url: 'nats://127.0.0.1:4222',
    });
  });

  it('refuses a local server without JetStream rather than starting a second one on its port', () => {
    const noJetStream: NatsProbe = { ok: true, info: { jetstream: false } };
    expect(planNats({ local: noJetStream, binary: '/usr/sbin/nats-server' })).toEqual({
      kind: 'local-without-jetstream',
      url: 'nats://127.0.0.1:4222',
    });
  });

  it('starts nats-server when nothing answers and the binary is there', () => {
    expect(planNats({ local: down, binary: '/usr/sbin/nats-server' })).toEqual({
      kind: 'spawn',
      url: 'nats://127.0.0.1:4222',
      binary: '/usr/sbin/nats-server',
    });
  });

  it('reports NATS missing when nothing answers and there is no binary', () => {
    expect(planNats({ local: down })).toEqual({ kind: 'missing', url: 'nats://127.0.0.1:4222' });
  });
});

describe('findExecutable', () => {
  const present = (files: string[]) => (file: string) => Promise.resolve(files.includes(file));

  it('takes the first match on PATH', async () => {
    const searchPath = ['/opt/a', '/opt/b'].join(path.delimiter);
    await expect(
      findExecutable('nats-server', searchPath, ['/usr/sbin/nats-server'], present(['/opt/b/nats-server'])),
    ).resolves.toBe('/opt/b/nats-server');
  });

  it('falls back to the extra locations, then to nothing', async () => {
    await expect(
      findExecutable('nats-server', '/opt/a', ['/usr/sbin/nats-server'], present(['/usr/sbin/nats-server'])),
    ).resolves.toBe('/usr/sbin/nats-server');
    await expect(findExecutable('nats-server', undefined, [], present([]))).resolves.toBeUndefined();
  });
});

describe(natsCredentialsOf.name, () => {
  it('gives each app its own user when the deploy/nats password variables are set, else nothing', () => {
    const env = { GATEWAY_NATS_PASSWORD: 'pw-gateway', CLIENTS_NATS_PASSWORD: ' ' };
    expect(natsCredentialsOf('gateway', env)).toEqual({ NATS_USER: 'gateway', NATS_PASSWORD: 'pw-gateway' });
    expect(natsCredentialsOf('clients', env)).toEqual({});
    expect(natsCredentialsOf('audit', env)).toEqual({});
  });
});
