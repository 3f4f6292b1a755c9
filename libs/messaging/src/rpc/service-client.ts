import { Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { errors, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { AppError, type ReplyOf, type RequestOf, type RequestSubject } from '#contracts';
import { createEnvelope, type MessageContext } from './envelope.js';
import type { NatsClientSettings } from '#config';
import { namespaced, natsClientOptions } from './nats-transport.js';

export interface ServiceClientOptions {
  natsUrl: string;
  /** Credentials, TLS and inbox prefix (unset: anonymous, as in the messaging tests). */
  nats?: NatsClientSettings;
  clientName: string;
  timeoutMs: number;
  /** NATS_SUBJECT_PREFIX: the namespace the services listen under. */
  subjectPrefix?: string;
}

/** What a service's Nest NATS server answers: the handler's reply, or the error it threw. */
interface ReplyPacket {
  response?: unknown;
  err?: unknown;
}

/**
 * Typed request/reply over NATS: only subjects of the RequestMap compile, every request goes in an
 * envelope, remote AppErrors come back as AppErrors, and silence becomes SERVICE.UNAVAILABLE (503).
 *
 * It speaks the packet format of Nest's NATS transport (`{pattern, data, id}` out, `{response | err}`
 * back), which the services' servers keep, but through the NATS client's own request: one wildcard
 * reply subscription for all requests. Nest's client subscribed and unsubscribed a reply subject
 * of its own for every request, which cost the client and nats-server a subscription change each.
 */
export class ServiceClient {
  private readonly logger = new Logger(ServiceClient.name);
  private connection: Promise<NatsConnection> | null = null;
  private sequence = 0;

  constructor(private readonly options: ServiceClientOptions) {}

  async connect(): Promise<void> {
    await this.connected();
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    await connection?.then((nc) => nc.close()).catch(() => undefined);
  }

  async request<S extends RequestSubject>(
    subject: S,
    data: RequestOf<S>,
    context: MessageContext,
    timeoutMs = this.options.timeoutMs,
  ): Promise<ReplyOf<S>> {
    const pattern = namespaced(this.options.subjectPrefix ?? '', subject);
    const envelope = createEnvelope(subject, data, context);
    this.sequence += 1;
    let reply: ReplyPacket;
    try {
      const nc = await this.connected();
      const message = await nc.request(
        pattern,
        JSON.stringify({ pattern, data: envelope, id: String(this.sequence) }),
        { timeout: timeoutMs },
      );
      reply = message.json<ReplyPacket>();
    } catch (error) {
      throw this.toAppError(subject, error);
    }
    if (reply.err !== undefined && reply.err !== null) {
      throw this.toAppError(subject, reply.err);
    }
    if (reply.response === undefined) {
      throw this.toAppError(subject, new Error('empty reply'));
    }
    return reply.response as ReplyOf<S>;
  }

  /** Connects on first use (and again after a failed attempt), as Nest's client did. */
  private connected(): Promise<NatsConnection> {
    if (!this.connection) {
      const attempt = connect(natsClientOptions(this.options, this.options.clientName));
      this.connection = attempt;
      attempt.catch(() => {
        if (this.connection === attempt) {
          this.connection = null;
        }
      });
    }
    return this.connection;
  }

  private toAppError(subject: string, error: unknown): AppError {
    const remote = AppError.fromBody(error);
    if (remote) {
      return remote;
    }
    const service = subject.split('.')[0];
    if (error instanceof errors.TimeoutError) {
      return new AppError('SERVICE.UNAVAILABLE', `The ${service} service did not answer in time`);
    }
    this.logger.warn({ subject, err: error }, 'request failed');
    return new AppError('SERVICE.UNAVAILABLE', `The ${service} service is unavailable`);
  }
}

/** A ServiceClient that closes its connection when the Nest application shuts down. */
export class ManagedServiceClient extends ServiceClient implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

/** The NATS settings of the common configuration (#config) a client needs. */
export interface ServiceClientConfig {
  natsUrl: string;
  nats?: NatsClientSettings;
  natsRequestTimeoutMs: number;
  natsSubjectPrefix: string;
}

/**
 * The Nest provider of an app's one connected client, injected as `ServiceClient` and closed when
 * the application shuts down; `clientName` names the connection in NATS.
 */
export function serviceClientProvider(clientName: string, config: ServiceClientConfig): Provider {
  return {
    provide: ServiceClient,
    useFactory: async () => {
      const client = new ManagedServiceClient({
        natsUrl: config.natsUrl,
        nats: config.nats,
        clientName,
        timeoutMs: config.natsRequestTimeoutMs,
        subjectPrefix: config.natsSubjectPrefix,
      });
      await client.connect();
      return client;
    },
  };
}
