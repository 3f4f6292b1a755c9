import { Module } from '@nestjs/common';
import { DemoServicesLoader } from './demo-services.js';
import { DirectoryController } from './directory.controller.js';
import { DirectoryRepository } from './directory.repository.js';
import { DirectoryService } from './directory.service.js';

/** The advisors' search over the services of active, receiving organisations, and the HSDS export. */
@Module({
  controllers: [DirectoryController],
  providers: [DirectoryRepository, DirectoryService, DemoServicesLoader],
})
export class DirectoryModule {}
