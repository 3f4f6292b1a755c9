import { Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
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

/**
 * Typed request/reply over NATS: only subjects of the RequestMap compile, every request goes in an
 * envelope, remote AppErrors come back as AppErrors, and silence becomes SERVICE.UNAVAILABLE (503).
 */
export class ServiceClient {
  private readonly logger = new Logger(ServiceClient.name);
  private readonly proxy: ClientProxy;

  constructor(private readonly options: ServiceClientOptions) {
    this.proxy = ClientProxyFactory.create(natsClientOptions(options, options.clientName));
  }

  async connect(): Promise<void> {
    await this.proxy.connect();
  }

  async close(): Promise<void> {
    await this.proxy.close();
  }

  async request<S extends RequestSubject>(
    subject: S,
    data: RequestOf<S>,
    context: MessageContext,
    timeoutMs = this.options.timeoutMs,
  ): Promise<ReplyOf<S>> {
    const envelope = createEnvelope(subject, data, context);
    try {
      return await firstValueFrom(
        this.proxy
          .send<ReplyOf<S>>(namespaced(this.options.subjectPrefix ?? '', subject), envelope)
          .pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      throw this.toAppError(subject, error);
    }
  }

  private toAppError(subject: string, error: unknown): AppError {
    const remote = AppError.fromBody(error);
    if (remote) {
      return remote;
    }
    const service = subject.split('.')[0];
    if (error instanceof TimeoutError) {
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
