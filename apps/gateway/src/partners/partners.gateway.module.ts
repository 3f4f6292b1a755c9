import { Module } from '@nestjs/common';
import { DirectoryController } from './directory.controller.js';
import { MembersController } from './members.controller.js';
import { OrganisationsController } from './organisations.controller.js';
import { ServicesController } from './services.controller.js';

/** The HTTP resources of the partners service. */
@Module({
  controllers: [OrganisationsController, MembersController, ServicesController, DirectoryController],
  providers: [],
})
export class PartnersGatewayModule {}
