import { Module } from '@nestjs/common';

/** The HTTP resources of the notifications service. */
@Module({ controllers: [], providers: [] })
export class NotificationsGatewayModule {}
