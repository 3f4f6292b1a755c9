import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '#config';
import { StreamController } from './stream.controller.js';
import { STREAM_CONFIG, StreamHub } from './stream.hub.js';

/** GET /stream: live updates over Server-Sent Events. */
@Module({})
export class StreamModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: StreamModule,
      controllers: [StreamController],
      providers: [{ provide: STREAM_CONFIG, useValue: config }, StreamHub],
    };
  }
}
