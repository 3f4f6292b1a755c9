// The launcher's own output: one prefix column shared with the processes it runs.

const PREFIX_WIDTH = 'notifications'.length;

export function prefix(name: string): string {
  return `${name.padEnd(PREFIX_WIDTH)} | `;
}

export function log(message: string): void {
  process.stdout.write(`${prefix('start')}${message}\n`);
}

export function logError(message: string): void {
  process.stderr.write(`${prefix('start')}error: ${message}\n`);
}

/** An expected failure with a message meant for the person at the terminal (printed without a stack). */
export class StartError extends Error {}

export function describeError(error: unknown): string {
  if (error instanceof StartError) {
    return error.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
