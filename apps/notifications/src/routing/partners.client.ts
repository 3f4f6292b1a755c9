import type { Provider } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ManagedServiceClient, managedServiceClientProvider } from '#messaging';

/** Requests to the other services (the partners service's recipients and invitations). */
export class NotificationsServiceClient extends ManagedServiceClient {}

export function serviceClientProvider(config: CommonConfig): Provider {
  return managedServiceClientProvider(NotificationsServiceClient, 'notifications', config);
}
