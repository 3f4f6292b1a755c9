import { getPriority } from 'node:os';
import { ManagedProcess } from './processes.js';

const spawnNode = (code: string) =>
  new ManagedProcess('test', process.execPath, ['-e', code], {
    env: process.env,
    cwd: process.cwd(),
    echo: false,
  });

describe('ManagedProcess.answers', () => {
  it('is true as soon as the probe says yes', async () => {
    const proc = spawnNode('setTimeout(() => undefined, 10_000)');
    let calls = 0;
    const answered = await proc.answers(() => Promise.resolve(++calls >= 2), {
      timeoutMs: 5_000,
      intervalMs: 10,
      shouldStop: () => false,
    });
    expect(answered).toBe(true);
    expect(calls).toBe(2);
    await proc.stop(['SIGKILL'], 5_000);
  });

  it('is false when the process exits before it answers', async () => {
    const proc = spawnNode('process.exit(3)');
    const answered = await proc.answers(() => Promise.resolve(false), {
      timeoutMs: 10_000,
      intervalMs: 10,
      shouldStop: () => false,
    });
    expect(answered).toBe(false);
    expect((await proc.exited).code).toBe(3);
  });

  it('is false when the time is up or a stop is requested', async () => {
    const proc = spawnNode('setTimeout(() => undefined, 10_000)');
    const options = { timeoutMs: 50, intervalMs: 10, shouldStop: () => false };
    expect(await proc.answers(() => Promise.resolve(false), options)).toBe(false);
    expect(await proc.answers(() => Promise.resolve(true), { ...options, shouldStop: () => true })).toBe(
      false,
    );
    await proc.stop(['SIGKILL'], 5_000);
  });
});

describe('ManagedProcess niceness', () => {
  const spawnWith = (niceness?: number) =>
    new ManagedProcess('test', process.execPath, ['-e', 'setTimeout(() => undefined, 10_000)'], {
      env: process.env,
      cwd: process.cwd(),
      echo: false,
      niceness,
    });

  it("runs the process that much below the launcher's priority, at most at the lowest", async () => {
    const own = getPriority();
    const lowered = spawnWith(3);
    const lowest = spawnWith(40);
    try {
      expect(getPriority(lowered.pid)).toBe(Math.min(own + 3, 19));
      expect(getPriority(lowest.pid)).toBe(19);
    } finally {
      await Promise.all([lowered.stop(['SIGKILL'], 5_000), lowest.stop(['SIGKILL'], 5_000)]);
    }
  });

  it('lowers nothing when the command could not be started, the launcher least of all', async () => {
    const own = getPriority();
    const proc = new ManagedProcess('test', '/nonexistent/command', [], {
      env: process.env,
      cwd: process.cwd(),
      echo: false,
      niceness: 5,
    });
    expect(proc.pid).toBeUndefined();
    expect((await proc.exited).error?.message).toMatch(/ENOENT/);
    expect(getPriority()).toBe(own);
  });

  it("runs it at the launcher's priority without the option", async () => {
    const proc = spawnWith();
    try {
      expect(getPriority(proc.pid)).toBe(getPriority());
    } finally {
      await proc.stop(['SIGKILL'], 5_000);
    }
  });
});
