// Preloaded into every Node.js process of the stack when BENCH_API_CPU_PROFILE names a directory
// (NODE_OPTIONS=--import): a CPU profile runs while <dir>/profiling exists, and is written as
// <dir>/<entry>-<pid>.cpuprofile when that file goes (or at SIGTERM), to open in Chrome DevTools
// or summarise with tests/perf/api/profile-summary.mjs. bench:api creates the file for P1 and its
// drain. A file, not a signal: Nest's shutdown hooks take SIGUSR2 as a signal to stop.
import { existsSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import process from 'node:process';
import { setInterval } from 'node:timers';

const dir = process.env.BENCH_API_CPU_PROFILE;
if (dir) {
  const flag = path.join(dir, 'profiling');
  const session = new Session();
  session.connect();
  const entry = (process.argv[1] ?? 'node').split('/dist/').pop().replace(/[/.]/g, '_');
  let state = 'idle';
  const stop = () => {
    if (state !== 'running') {
      return;
    }
    state = 'done';
    session.post('Profiler.stop', (error, result) => {
      if (!error) {
        writeFileSync(path.join(dir, `${entry}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      }
    });
  };
  setInterval(() => {
    const wanted = existsSync(flag);
    if (wanted && state === 'idle') {
      state = 'running';
      session.post('Profiler.enable');
      session.post('Profiler.setSamplingInterval', { interval: 500 });
      session.post('Profiler.start');
    } else if (!wanted && state === 'running') {
      stop();
    }
  }, 200).unref();
  process.prependListener('SIGTERM', stop);
}
