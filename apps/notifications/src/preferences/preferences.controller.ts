import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  UpdatePreferencesPayload,
  type Envelope,
  type NotificationsRequests,
  type PreferencesView,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { PreferencesService } from './preferences.service.js';

const subject = <S extends keyof NotificationsRequests>(name: S): S => name;

@Controller()
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @MessagePattern(subject('notifications.preferences.get'))
  get(@Payload(new EnvelopePayloadPipe()) msg: Envelope<unknown>): Promise<PreferencesView> {
    return this.preferences.get(msg.actor);
  }

  @MessagePattern(subject('notifications.preferences.update'))
  update(
    @Payload(new EnvelopePayloadPipe(UpdatePreferencesPayload)) msg: Envelope<UpdatePreferencesPayload>,
  ): Promise<PreferencesView> {
    return this.preferences.update(msg.actor, msg.data, msg.correlationId);
  }
}
