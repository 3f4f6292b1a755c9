import type { Provider } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { ManagedServiceClient, managedServiceClientProvider } from '#messaging';

/** Requests to the other services: organisation names, and the owners' snapshots for a rebuild. */
export class StatisticsServiceClient extends ManagedServiceClient {}

export function peersProvider(config: CommonConfig): Provider {
  return managedServiceClientProvider(StatisticsServiceClient, 'statistics', config);
}
