import type { Provider } from '@nestjs/common';
import { ManagedServiceClient, managedServiceClientProvider } from '#messaging';
import type { CommonConfig } from '#config';

/** Requests to the clients and partners services (consent check, disclosure snapshot, organisations). */
export class PeerServices extends ManagedServiceClient {}

export function peerServicesProvider(config: CommonConfig): Provider {
  return managedServiceClientProvider(PeerServices, 'referrals', config);
}
