import type { NatsConnection } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import type { DependencyStatus, HealthReport } from '#contracts';

const CHECK_TIMEOUT_MS = 2000;

async function withTimeout<T>(promise: Promise<T>, ms = CHECK_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function checkDatabase(dataSource: DataSource): Promise<DependencyStatus> {
  try {
    await withTimeout(dataSource.query('SELECT 1'));
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: describe(error) };
  }
}

export async function checkNats(connection: NatsConnection): Promise<DependencyStatus> {
  if (connection.isClosed()) {
    return { status: 'down', error: 'connection closed' };
  }
  try {
    await withTimeout(connection.flush());
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: describe(error) };
  }
}

export function healthReport(service: string, checks: Record<string, DependencyStatus>): HealthReport {
  const up = Object.values(checks).every((check) => check.status === 'up');
  return { service, status: up ? 'up' : 'down', checks };
}
