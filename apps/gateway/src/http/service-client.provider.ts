import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { ServiceClient } from '#messaging';
import type { GatewayConfig } from '#config';

/** The gateway's typed request/reply client to the back-end services, closed on shutdown. */
export class GatewayServiceClient extends ServiceClient implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

export function serviceClientProvider(config: GatewayConfig): Provider {
  return {
    provide: GatewayServiceClient,
    useFactory: async () => {
      const client = new GatewayServiceClient({
        natsUrl: config.natsUrl,
        clientName: 'gateway',
        timeoutMs: config.natsRequestTimeoutMs,
        subjectPrefix: config.natsSubjectPrefix,
      });
      await client.connect();
      return client;
    },
  };
}
