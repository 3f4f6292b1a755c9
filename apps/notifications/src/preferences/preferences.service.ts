import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  NOTIFICATION_KINDS,
  type Actor,
  type NotificationKind,
  type PreferencesView,
  type UpdatePreferencesPayload,
  requireActor,
} from '#contracts';
import { AuditRecorder, replyWithin } from '#service-core';
import { DEFAULT_PREFERENCES, PreferencesRepository, toPreferencesView } from './preferences.repository.js';

@Injectable()
export class PreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly preferences: PreferencesRepository,
    private readonly auditor: AuditRecorder,
  ) {}

  async get(actor: Actor | null): Promise<PreferencesView> {
    const user = requireActor(actor);
    const stored = await this.preferences.find(this.dataSource.manager, user.userId);
    return toPreferencesView(stored ?? DEFAULT_PREFERENCES);
  }

  async update(
    actor: Actor | null,
    input: UpdatePreferencesPayload,
    correlationId: string,
  ): Promise<PreferencesView> {
    const user = requireActor(actor);
    const email: Partial<Record<NotificationKind, boolean>> = {};
    for (const kind of NOTIFICATION_KINDS) {
      const value = input.email?.[kind];
      if (typeof value === 'boolean') {
        email[kind] = value;
      }
    }
    return this.dataSource.transaction(async (manager) => {
      const saved = await this.preferences.save(manager, user.userId, {
        language: input.language,
        email,
        digest: input.digest,
      });
      await this.auditor.record(
        manager,
        { actor: user, correlationId },
        {
          action: 'notification_preferences.updated',
          targetType: 'notification_preferences',
          targetId: user.userId,
          detail: { language: input.language, digest: input.digest },
        },
      );
      return replyWithin(manager, toPreferencesView(saved));
    });
  }
}
