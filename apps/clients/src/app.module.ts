import { Module, type DynamicModule } from '@nestjs/common';
import type { CommonConfig } from '#config';
import { serviceClientProvider } from '#messaging';
import { ServiceCoreModule } from '#service-core';
import { ClientEntity } from './clients/client.entity.js';
import { ClientsModule } from './clients/clients.module.js';
import { CLIENTS_CONFIG, loadClientsConfig, type ClientsConfig } from './config.js';
import { ConsentEntity } from './consents/consent.entity.js';
import { ConsentsModule } from './consents/consents.module.js';
import { FieldCipher } from './crypto/field-cipher.js';
import { ClientsAndConsents1764600000000 } from './migrations/1764600000000-ClientsAndConsents.js';
import { ConsentExpiryNotice1764700000000 } from './migrations/1764700000000-ConsentExpiryNotice.js';
import { ClientBackground1764800000000 } from './migrations/1764800000000-ClientBackground.js';
import { createClientsFieldEncryptionMigration } from './migrations/1764900000000-FieldEncryption.js';
import { GuidanceAndEsf1765100000000 } from './migrations/1765100000000-GuidanceAndEsf.js';
import { OrganisationDirectory } from './organisation-directory.js';
import { GuidanceModule } from './guidance/guidance.module.js';
import { RightsModule } from './rights/rights.module.js';

type Env = Record<string, string | undefined>;

const clientsCipher = (config: ClientsConfig): FieldCipher =>
  new FieldCipher({
    key: config.dataEncryptionKey,
    previousKeys: config.previousDataKeys,
    searchKey: config.searchKey,
  });

/** The clients service: client records, consents and receipts, the consent check, export and erasure. */
@Module({})
export class ClientsAppModule {
  static forRoot(config: CommonConfig, env: Env = process.env): DynamicModule {
    // Read (and, in production, the keys checked) before anything connects.
    const clientsConfig = loadClientsConfig(env);
    return {
      module: ClientsAppModule,
      imports: [
        ServiceCoreModule.forRoot({
          serviceName: 'clients',
          config,
          entities: [ClientEntity, ConsentEntity],
          migrations: [
            ClientsAndConsents1764600000000,
            ConsentExpiryNotice1764700000000,
            ClientBackground1764800000000,
            createClientsFieldEncryptionMigration(clientsCipher(clientsConfig), [
              clientsConfig.dataEncryptionKey,
              ...clientsConfig.previousDataKeys,
            ]),
            GuidanceAndEsf1765100000000,
          ],
        }),
        ClientsSharedModule.forRoot(config, clientsConfig),
        ClientsModule,
        ConsentsModule,
        RightsModule,
        GuidanceModule,
      ],
    };
  }
}

/** What every feature of the service uses: its settings, the column cipher, audit and peers. */
@Module({})
export class ClientsSharedModule {
  static forRoot(config: CommonConfig, clientsConfig: ClientsConfig): DynamicModule {
    return {
      module: ClientsSharedModule,
      global: true,
      providers: [
        { provide: CLIENTS_CONFIG, useValue: clientsConfig },
        { provide: FieldCipher, useFactory: () => clientsCipher(clientsConfig) },
        serviceClientProvider('clients', config),
        OrganisationDirectory,
      ],
      exports: [CLIENTS_CONFIG, FieldCipher, OrganisationDirectory],
    };
  }
}
