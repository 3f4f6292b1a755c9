import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ServiceClient } from '#messaging';

/** Requests to the other services (the partners service's recipients and invitations). */
export class NotificationsServiceClient extends ServiceClient implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

export function serviceClientProvider(config: CommonConfig): Provider {
  return {
    provide: NotificationsServiceClient,
    useFactory: async () => {
      const client = new NotificationsServiceClient({
        natsUrl: config.natsUrl,
        clientName: 'notifications',
        timeoutMs: config.natsRequestTimeoutMs,
        subjectPrefix: config.natsSubjectPrefix,
      });
      await client.connect();
      return client;
    },
  };
}
