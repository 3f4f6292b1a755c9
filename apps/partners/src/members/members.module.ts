import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../organisations/organisations.module.js';
import { InvitationsService } from './invitations.service.js';
import { MemberAdministration } from './member-administration.js';
import { MembersController } from './members.controller.js';
import { MembershipCheckController, MembershipCheckService } from './membership-check.controller.js';
import { MembersRepository } from './members.repository.js';
import { MembersService } from './members.service.js';
import { MembershipService } from './membership.service.js';

@Module({
  imports: [OrganisationsModule],
  controllers: [MembersController, MembershipCheckController],
  providers: [
    MembersRepository,
    MemberAdministration,
    MembersService,
    InvitationsService,
    MembershipService,
    MembershipCheckService,
  ],
  exports: [MembersRepository],
})
export class MembersModule {}
