import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  DEFAULT_NOTIFICATION_LANGUAGE,
  isNotificationKind,
  nextLocalHour,
  NOTIFICATION_LANGUAGES,
  SYSTEM_ACTOR,
  type NotificationLanguage,
  type OrganisationRecipients,
  type ActorContext,
  type EmailKind,
  type NotificationKind,
} from '#contracts';
import { type EventEnvelope, OutboxWriter, ServiceClient } from '#messaging';
import { NOTIFICATIONS_CONFIG, type NotificationsConfig } from '../config.js';
import { DeliveryRepository, type NewDelivery } from '../email/delivery.repository.js';
import { NotificationRepository, notificationLink } from '../inbox/notification.repository.js';
import {
  DEFAULT_PREFERENCES,
  PreferencesRepository,
  wantsEmail,
} from '../preferences/preferences.repository.js';
import { planRecipients, type RecipientPlan, type RoutedEvent } from './recipient-plan.js';

interface UserTarget {
  userId: string;
  organisationId: string;
  email: string | null;
  language: string | null;
}

/** One event on its way to its recipients: what each of its notifications and e-mails shares. */
interface Routing {
  event: EventEnvelope;
  plan: RecipientPlan;
  link: string;
  context: ActorContext;
  manager: EntityManager;
}

const asLanguage = (value: string | null | undefined): NotificationLanguage | null =>
  value && (NOTIFICATION_LANGUAGES as readonly string[]).includes(value)
    ? (value as NotificationLanguage)
    : null;

/**
 * Turns one event into in-app notifications and queued e-mails, inside the consumer's transaction
 * (the inbox row and these writes commit together, so a redelivered event adds nothing).
 */
@Injectable()
export class EventRouter {
  /**
   * The organisations' recipients asked in one consumer transaction (its events, up to the batch,
   * share the manager): a burst of referrals to one organisation asks the partners service once.
   * Gone with the transaction, so a membership change shows from the next batch on.
   */
  private readonly recipientsInTransaction = new WeakMap<
    EntityManager,
    Map<string, Promise<OrganisationRecipients>>
  >();

  constructor(
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly services: ServiceClient,
    private readonly notifications: NotificationRepository,
    private readonly preferences: PreferencesRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly writer: OutboxWriter,
  ) {}

  async route<E extends RoutedEvent>(event: EventEnvelope<E>, manager: EntityManager): Promise<void> {
    const plan = planRecipients(event);
    if (!plan) {
      return;
    }
    const context = { actor: SYSTEM_ACTOR, correlationId: event.correlationId };
    if (plan.invitation) {
      await this.routeInvitation(event, plan, plan.invitation, context, manager);
      if (plan.organisationAdmins.length === 0) {
        return;
      }
    }
    const organisations = await this.recipientsOf(plan, context, manager);
    const targets = this.usersOf(plan, organisations);
    const link = `${this.config.portalUrl}${notificationLink(plan.referralId)}`;
    const routing: Routing = { event, plan, link, context, manager };
    // An invitation reaches the invitee by e-mail; its organisation's administrators hear of it in the app.
    const kind = plan.invitation ? 'membership.changed' : plan.kind;
    const emails = isNotificationKind(kind) ? await this.notifyUsers(routing, kind, targets) : [];
    // Every e-mail of the event in one statement.
    await this.deliveries.enqueueAll(manager, [
      ...emails,
      ...this.intakeEmails(routing, kind, organisations),
    ]);
  }

  /** In-app notifications; returns the e-mails for those who want them (now or in the daily digest). */
  private async notifyUsers(
    routing: Routing,
    kind: NotificationKind,
    targets: UserTarget[],
  ): Promise<NewDelivery[]> {
    const { event, plan, link, context, manager } = routing;
    const preferences = await this.preferences.findMany(
      manager,
      targets.map((target) => target.userId),
    );
    // The notifications and their events in one statement each, then the e-mails.
    const created = await this.notifications.insertAll(
      manager,
      targets.map((target) => ({
        userId: target.userId,
        organisationId: target.organisationId,
        eventId: event.id,
        kind,
        referralId: plan.referralId,
        detail: plan.detail,
        dedupeKey: plan.dedupeKey,
      })),
    );
    const notified = targets.filter((target) => created.has(target.userId));
    await this.writer.appendAll(
      manager,
      notified.map((target) => ({
        type: 'events.notifications.notification.created' as const,
        data: {
          notificationId: created.get(target.userId) as string,
          userId: target.userId,
          kind,
          referralId: plan.referralId,
        },
      })),
      context,
    );
    const emails: NewDelivery[] = [];
    for (const target of notified) {
      const prefs = preferences.get(target.userId) ?? DEFAULT_PREFERENCES;
      if (target.email && wantsEmail(prefs, kind)) {
        const digest = prefs.digest === 'daily';
        emails.push({
          eventId: event.id,
          kind,
          recipient: target.email,
          recipientUserId: target.userId,
          language: preferences.has(target.userId)
            ? prefs.language
            : (asLanguage(target.language) ?? prefs.language),
          link,
          detail: plan.detail,
          digest,
          notBefore: digest ? nextLocalHour(new Date(), this.config.digestHour) : null,
          correlationId: event.correlationId,
        });
      }
    }
    return emails;
  }

  /**
   * The intake address hears of new work for the organisation: e-mail only, always instant, in
   * the organisation's preferred language.
   */
  private intakeEmails(
    routing: Routing,
    kind: EmailKind,
    organisations: Map<string, OrganisationRecipients>,
  ): NewDelivery[] {
    const { event, plan, link } = routing;
    const emails: NewDelivery[] = [];
    for (const organisationId of plan.intakeOf) {
      const organisation = organisations.get(organisationId);
      const intake = organisation?.intakeEmail;
      if (intake) {
        emails.push({
          eventId: event.id,
          kind,
          recipient: intake,
          recipientUserId: null,
          language: asLanguage(organisation.intakeLanguage) ?? DEFAULT_NOTIFICATION_LANGUAGE,
          link,
          detail: plan.detail,
          digest: false,
          notBefore: null,
          correlationId: event.correlationId,
        });
      }
    }
    return emails;
  }

  private async recipientsOf(
    plan: RecipientPlan,
    context: ActorContext,
    manager: EntityManager,
  ): Promise<Map<string, OrganisationRecipients>> {
    const ids = new Set([
      ...plan.organisationMembers,
      ...plan.organisationAdmins,
      ...plan.intakeOf,
      ...plan.users.map((user) => user.organisationId),
    ]);
    let asked = this.recipientsInTransaction.get(manager);
    if (!asked) {
      asked = new Map();
      this.recipientsInTransaction.set(manager, asked);
    }
    const known = asked;
    const replies = await Promise.all(
      [...ids].map((organisationId) => {
        let reply = known.get(organisationId);
        if (!reply) {
          reply = this.services.request('partners.organisation.recipients', { organisationId }, context);
          known.set(organisationId, reply);
        }
        return reply;
      }),
    );
    return new Map(replies.map((reply) => [reply.organisationId, reply]));
  }

  // Only active members: someone who left the organisation hears nothing more of its referrals.
  private usersOf(plan: RecipientPlan, organisations: Map<string, OrganisationRecipients>): UserTarget[] {
    const targets = new Map<string, UserTarget>();
    const add = (organisationId: string, userId: string) => {
      const member = organisations.get(organisationId)?.members.find((m) => m.userId === userId);
      if (member && userId !== plan.excludeUserId && !targets.has(userId)) {
        targets.set(userId, { userId, organisationId, email: member.email, language: member.language });
      }
    };
    for (const user of plan.users) {
      add(user.organisationId, user.userId);
    }
    for (const organisationId of plan.organisationMembers) {
      for (const member of organisations.get(organisationId)?.members ?? []) {
        add(organisationId, member.userId);
      }
    }
    for (const organisationId of plan.organisationAdmins) {
      for (const member of organisations.get(organisationId)?.members ?? []) {
        if (member.role === 'org_admin') {
          add(organisationId, member.userId);
        }
      }
    }
    return [...targets.values()];
  }

  private async routeInvitation(
    event: EventEnvelope,
    plan: RecipientPlan,
    invitation: { organisationId: string; invitationId: string },
    context: ActorContext,
    manager: EntityManager,
  ): Promise<void> {
    const view = await this.services.request('partners.invitation.get', invitation, context);
    if (view.status !== 'open') {
      return;
    }
    // The invitation's language (given, else the organisation's); an older invitation has none.
    let language = asLanguage(view.language);
    if (!language) {
      const organisation = await this.services.request(
        'partners.organisation.recipients',
        { organisationId: invitation.organisationId },
        context,
      );
      language = asLanguage(organisation.intakeLanguage) ?? DEFAULT_NOTIFICATION_LANGUAGE;
    }
    await this.deliveries.enqueue(manager, {
      eventId: event.id,
      kind: plan.kind,
      recipient: view.email,
      recipientUserId: null,
      language,
      link: `${this.config.portalUrl}/invitations/${invitation.invitationId}`,
      detail: {},
      digest: false,
      notBefore: null,
      correlationId: event.correlationId,
    });
  }
}
