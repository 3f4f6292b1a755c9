// Preloaded into every process of the stack when BENCH_API_CPU_PROFILE names a directory
// (NODE_OPTIONS=--import): the first SIGUSR2 starts a CPU profile, the second (or SIGTERM) writes
// it as <dir>/<entry>-<pid>.cpuprofile, to open in Chrome DevTools or summarise with
// tests/perf/api/profile-summary.mjs. bench:api sends the signals around P1 and its drain.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.BENCH_API_CPU_PROFILE;
if (dir) {
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
  process.on('SIGUSR2', () => {
    if (state === 'idle') {
      state = 'running';
      session.post('Profiler.enable');
      session.post('Profiler.setSamplingInterval', { interval: 500 });
      session.post('Profiler.start');
    } else {
      stop();
    }
  });
  process.prependListener('SIGTERM', stop);
}
