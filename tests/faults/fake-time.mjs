// The fault suite's skewed clock (F13): `NODE_OPTIONS="--import <this file>"` with
// FAKE_TIME_OFFSET_MS shifts Date (now(), new Date()) of that process by the offset; timers and
// performance.now() are untouched. For tests only.
import process from 'node:process';

const offset = Number(process.env.FAKE_TIME_OFFSET_MS ?? '0');

if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) {
        super(RealDate.now() + offset);
      } else {
        super(...args);
      }
    }

    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = SkewedDate;
}
