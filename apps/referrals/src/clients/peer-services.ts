import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { ServiceClient } from '#messaging';
import type { CommonConfig } from '#config';

/** Requests to the clients and partners services (consent check, disclosure snapshot, organisations). */
export class PeerServices extends ServiceClient implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}

export function peerServicesProvider(config: CommonConfig): Provider {
  return {
    provide: PeerServices,
    useFactory: async () => {
      const client = new PeerServices({
        natsUrl: config.natsUrl,
        clientName: 'referrals',
        timeoutMs: config.natsRequestTimeoutMs,
        subjectPrefix: config.natsSubjectPrefix,
      });
      await client.connect();
      return client;
    },
  };
}
