import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_NOTIFICATION_LANGUAGE,
  NOTIFICATION_KINDS,
  type DigestMode,
  type NotificationKind,
  type NotificationLanguage,
  type PreferencesView,
} from '#contracts';

const TABLE = '"notifications"."preferences"';

interface PreferencesRow {
  user_id: string;
  language: NotificationLanguage;
  email: Partial<Record<NotificationKind, boolean>>;
  digest: DigestMode;
  updated_at: Date;
}

export interface StoredPreferences {
  language: NotificationLanguage;
  /** Only the kinds the user turned off or on explicitly; the rest are on. */
  email: Partial<Record<NotificationKind, boolean>>;
  digest: DigestMode;
  updatedAt: Date | null;
}

export const DEFAULT_PREFERENCES: StoredPreferences = {
  language: DEFAULT_NOTIFICATION_LANGUAGE,
  email: {},
  digest: 'instant',
  updatedAt: null,
};

/** E-mail is on for every kind unless the user turned it off. */
export function wantsEmail(preferences: StoredPreferences, kind: NotificationKind): boolean {
  return preferences.email[kind] !== false;
}

export function toPreferencesView(preferences: StoredPreferences): PreferencesView {
  return {
    language: preferences.language,
    email: Object.fromEntries(
      NOTIFICATION_KINDS.map((kind) => [kind, wantsEmail(preferences, kind)]),
    ) as Record<NotificationKind, boolean>,
    digest: preferences.digest,
    updatedAt: preferences.updatedAt?.toISOString() ?? null,
  };
}

const toStored = (row: PreferencesRow): StoredPreferences => ({
  language: row.language,
  email: row.email,
  digest: row.digest,
  updatedAt: row.updated_at,
});

@Injectable()
export class PreferencesRepository {
  async find(manager: EntityManager, userId: string): Promise<StoredPreferences | null> {
    const [row] = await manager.query<PreferencesRow[]>(`SELECT * FROM ${TABLE} WHERE "user_id" = $1`, [
      userId,
    ]);
    return row ? toStored(row) : null;
  }

  async findMany(manager: EntityManager, userIds: string[]): Promise<Map<string, StoredPreferences>> {
    if (userIds.length === 0) {
      return new Map();
    }
    const rows = await manager.query<PreferencesRow[]>(
      `SELECT * FROM ${TABLE} WHERE "user_id" = ANY($1::uuid[])`,
      [userIds],
    );
    return new Map(rows.map((row) => [row.user_id, toStored(row)]));
  }

  async save(
    manager: EntityManager,
    userId: string,
    preferences: Omit<StoredPreferences, 'updatedAt'>,
  ): Promise<StoredPreferences> {
    const [row] = await manager.query<PreferencesRow[]>(
      `INSERT INTO ${TABLE} ("user_id", "language", "email", "digest", "updated_at")
       VALUES ($1, $2, $3::jsonb, $4, now())
       ON CONFLICT ("user_id") DO UPDATE
         SET "language" = EXCLUDED."language", "email" = EXCLUDED."email",
             "digest" = EXCLUDED."digest", "updated_at" = now()
       RETURNING *`,
      [userId, preferences.language, JSON.stringify(preferences.email), preferences.digest],
    );
    return toStored(row);
  }
}
