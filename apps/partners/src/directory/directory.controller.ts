import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  HsdsExportPayload,
  partnersSubject,
  SearchDirectoryPayload,
  type Envelope,
  type ReplyOf,
} from '#contracts';
import { EnvelopePayloadPipe } from '#messaging';
import { DirectoryService } from './directory.service.js';

@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @MessagePattern(partnersSubject('partners.directory.search'))
  search(
    @Payload(new EnvelopePayloadPipe(SearchDirectoryPayload)) msg: Envelope<SearchDirectoryPayload>,
  ): Promise<ReplyOf<'partners.directory.search'>> {
    return this.directory.search(msg.actor, msg.data);
  }

  @MessagePattern(partnersSubject('partners.directory.hsds'))
  hsds(
    @Payload(new EnvelopePayloadPipe(HsdsExportPayload)) msg: Envelope<HsdsExportPayload>,
  ): Promise<ReplyOf<'partners.directory.hsds'>> {
    return this.directory.hsds(msg.actor, msg.data);
  }
}
