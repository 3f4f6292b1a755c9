import type { Provider } from '@nestjs/common';
import { ManagedServiceClient, managedServiceClientProvider } from '#messaging';
import type { GatewayConfig } from '#config';

/** The gateway's typed request/reply client to the back-end services, closed on shutdown. */
export class GatewayServiceClient extends ManagedServiceClient {}

export function serviceClientProvider(config: GatewayConfig): Provider {
  return managedServiceClientProvider(GatewayServiceClient, 'gateway', config);
}
