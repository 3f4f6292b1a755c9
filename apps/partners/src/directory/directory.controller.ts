import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  HsdsExportPayload,
  SearchDirectoryPayload,
  type Envelope,
  type ReplyOf,
  type RequestSubject,
} from '#contracts';
import { EnvelopePayloadPipe, RpcErrorFilter } from '#messaging';
import { DirectoryService } from './directory.service.js';

const subject = <S extends RequestSubject>(name: S): S => name;

// Bound here too: the global RpcErrorFilter of a hybrid app is not applied to its listeners.
@UseFilters(new RpcErrorFilter())
@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @MessagePattern(subject('partners.directory.search'))
  search(
    @Payload(new EnvelopePayloadPipe(SearchDirectoryPayload)) msg: Envelope<SearchDirectoryPayload>,
  ): Promise<ReplyOf<'partners.directory.search'>> {
    return this.directory.search(msg.actor, msg.data);
  }

  @MessagePattern(subject('partners.directory.hsds'))
  hsds(
    @Payload(new EnvelopePayloadPipe(HsdsExportPayload)) msg: Envelope<HsdsExportPayload>,
  ): Promise<ReplyOf<'partners.directory.hsds'>> {
    return this.directory.hsds(msg.actor, msg.data);
  }
}
