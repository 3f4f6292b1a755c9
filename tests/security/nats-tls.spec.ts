// Issue 12, item 5: the apps reach NATS over (mutual) TLS with NATS_TLS_CA_FILE, NATS_TLS_CERT_FILE
// and NATS_TLS_KEY_FILE. A nats-server of this file's own runs deploy/nats's configuration plus a
// `tls { verify: true }` block with certificates made here by openssl.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadNatsClientSettings } from '#config';
import { ServiceClient } from '#messaging';
import { connectNats } from '#service-core';
import { uniqueSuffix } from '#testing';
import { SecuredNats } from '../support/secured-nats.js';

const suffix = uniqueSuffix();
const AUTH = {
  subjectPrefix: `t${suffix}`,
  eventsStream: `T${suffix}_EVENTS`,
  deadLetterStream: `T${suffix}_DEAD_LETTER`,
};

let nats: SecuredNats;
let tls: { ca: string; cert: string; key: string; otherCa: string };

/** A CA, a server certificate for 127.0.0.1 and a client certificate, in `dir`. */
async function makeCertificates(dir: string): Promise<void> {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  for (const name of ['ca', 'other-ca']) {
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=moni-test-${name}`,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.pem`),
    );
  }
  await writeFile(
    file('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  await writeFile(file('client.ext'), 'extendedKeyUsage=clientAuth\n');
  for (const [name, cn] of [
    ['server', '127.0.0.1'],
    ['client', 'moni-clients'],
  ]) {
    openssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      file(`${name}.key`),
      '-out',
      file(`${name}.csr`),
    );
    openssl(
      'x509',
      '-req',
      '-in',
      file(`${name}.csr`),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      file(`${name}.ext`),
      '-out',
      file(`${name}.pem`),
    );
  }
}

beforeAll(async () => {
  nats = await SecuredNats.start(AUTH, {
    prepare: async (dir) => {
      await makeCertificates(dir);
      const file = (name: string) => JSON.stringify(path.join(dir, name));
      tls = {
        ca: path.join(dir, 'ca.pem'),
        cert: path.join(dir, 'client.pem'),
        key: path.join(dir, 'client.key'),
        otherCa: path.join(dir, 'other-ca.pem'),
      };
      return `tls {\n  cert_file: ${file('server.pem')}\n  key_file: ${file('server.key')}\n  ca_file: ${file('ca.pem')}\n  verify: true\n}`;
    },
  });
});

afterAll(async () => {
  await nats?.stop();
});

const mutualTls = () => ({
  NATS_TLS_CA_FILE: tls.ca,
  NATS_TLS_CERT_FILE: tls.cert,
  NATS_TLS_KEY_FILE: tls.key,
});

describe('NATS over TLS', () => {
  it('refuses a client without its certificate, or that does not trust the server’s', async () => {
    // The server asks for a client certificate (verify: true) and refuses the handshake without one:
    // the client reads the TLS alert, or, when the server has closed first, a reset connection.
    await expect(nats.connectAs('clients', undefined, { NATS_TLS_CA_FILE: tls.ca })).rejects.toThrow(
      /bad certificate|certificate required|ECONNRESET/,
    );
    // The client checks the server against NATS_TLS_CA_FILE only.
    await expect(
      nats.connectAs('clients', undefined, { ...mutualTls(), NATS_TLS_CA_FILE: tls.otherCa }),
    ).rejects.toThrow(/unable to verify/);
  });

  it('carries a request and its reply between two apps, each with its certificate and its user', async () => {
    const settings = (app: 'clients' | 'gateway') =>
      loadNatsClientSettings(app, { ...nats.envOf(app), ...mutualTls() });
    // The clients service's side: the connection every service makes (libs/service-core).
    const service = await connectNats({ natsUrl: nats.url, nats: settings('clients') }, 'tls-clients');
    const subject = `${AUTH.subjectPrefix}.clients.health.check`;
    service.subscribe(subject, {
      callback: (_error, msg) => {
        const { id } = msg.json<{ id: string }>();
        msg.respond(
          JSON.stringify({
            id,
            response: { service: 'clients', status: 'up', checks: {} },
            isDisposed: true,
          }),
        );
      },
    });
    await service.flush();
    // The gateway's side: Nest's NATS client, as the gateway's ServiceClient builds it.
    const gateway = new ServiceClient({
      natsUrl: nats.url,
      nats: settings('gateway'),
      clientName: 'tls-gateway',
      timeoutMs: 3000,
      subjectPrefix: AUTH.subjectPrefix,
    });
    try {
      await gateway.connect();
      await expect(
        gateway.request('clients.health.check', {}, { actor: null, correlationId: `tls-${suffix}` }),
      ).resolves.toEqual({ service: 'clients', status: 'up', checks: {} });
      expect(service.info?.tls_required).toBe(true);
    } finally {
      await gateway.close();
      await service.close();
    }
  });
});
