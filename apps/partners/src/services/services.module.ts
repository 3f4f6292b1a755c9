import { Module } from '@nestjs/common';
import { ServicesController } from './services.controller.js';
import { ServicesRepository } from './services.repository.js';
import { ServicesService } from './services.service.js';

/** The services of each organisation (HSDS-shaped), written by its org_admin. */
@Module({
  controllers: [ServicesController],
  providers: [ServicesRepository, ServicesService],
  exports: [ServicesRepository],
})
export class ServicesModule {}
