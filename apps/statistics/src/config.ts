import { readInt } from '#config';

type Env = Record<string, string | undefined>;

export interface StatisticsConfig {
  /** The ESF plan's participant target (STATISTICS_PARTICIPANT_TARGET, default 620). */
  participantTarget: number;
}

export function loadStatisticsConfig(env: Env = process.env): StatisticsConfig {
  return { participantTarget: readInt(env, 'STATISTICS_PARTICIPANT_TARGET', 620, 1) };
}

export const STATISTICS_CONFIG = Symbol('STATISTICS_CONFIG');
