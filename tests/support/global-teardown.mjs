// Stops what global-setup.mjs started (nothing when the machine's own PostgreSQL and NATS served).
import { rmSync } from 'node:fs';
import { clearTimeout, setTimeout } from 'node:timers';
import { started } from './global-setup.mjs';

export default async function globalTeardown() {
  await Promise.all(
    started.splice(0).map(
      ({ process: child, signal, cleanUp }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null) {
            resolve();
            return;
          }
          const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(force);
            if (cleanUp) {
              rmSync(cleanUp, { recursive: true, force: true });
            }
            resolve();
          });
          child.kill(signal);
        }),
    ),
  );
}
