import { Global, Module } from '@nestjs/common';
import { DemoDataLoader } from './demo-data.js';

/** Global, so that other demo loaders can await DemoDataLoader.ensureLoaded(). */
@Global()
@Module({ providers: [DemoDataLoader], exports: [DemoDataLoader] })
export class DemoModule {}
