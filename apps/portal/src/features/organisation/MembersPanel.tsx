// An organisation's members with their roles (change, deactivate) and its open invitations (invite,
// resend, revoke): the org_admin's /organisation/members and the platform admin's organisation page.
import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from 'suomifi-ui-components';
import { useFormat } from '../../i18n/format';
import { LoadError, Loading } from '../../ui/Loading';
import { useAnnouncer } from '../../shell/Announcer';
import {
  changeRole,
  deactivateMember,
  inviteMember,
  listInvitations,
  listMembers,
  revokeInvitation,
} from './api';
import { ConfirmDialog } from './ConfirmDialog';
import { adminErrorMessage } from './fields';
import { InviteForm } from './InviteForm';
import { MEMBER_ROLES, type Invitation, type Member, type MemberRole } from './types';
import type { Page } from '../../api/types';
import { useSingleFlightMutation } from '../../api/single-flight';
import { LoadMore } from '../../ui/LoadMore';
import { TableScroll } from '../../ui/TableScroll';

const MEMBERS_HEADING = 'members-heading';
const INVITATIONS_HEADING = 'invitations-heading';

/** A list's heading (tabIndex -1), where the keyboard goes when what it was on left the list. */
const heading = (id: string) => document.getElementById(id);

function MemberRow({
  member,
  organisationId,
  self,
}: {
  member: Member;
  organisationId: string;
  self: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const [role, setRole] = useState<MemberRole>(member.role);
  // The row keeps its identity (and the keyboard's place) when the role changes; a role changed
  // elsewhere (another admin, the live stream) becomes the choice shown.
  const [knownRole, setKnownRole] = useState<MemberRole>(member.role);
  if (member.role !== knownRole) {
    setKnownRole(member.role);
    setRole(member.role);
  }
  const [confirming, setConfirming] = useState(false);
  const deactivated = useRef(false);
  const done = (message: string) => {
    toast(message);
    void queryClient.invalidateQueries({ queryKey: ['members', organisationId] });
  };
  const roleRef = useRef<HTMLSelectElement>(null);
  const update = useSingleFlightMutation({
    mutationFn: () => changeRole(organisationId, member.id, role),
    onSuccess: () => {
      done(t('orgAdmin.members.roleChanged', { email: member.email ?? member.userId }));
      // The button stays disabled (the role is now the member's): the keyboard's place is the choice.
      roleRef.current?.focus();
    },
  });
  const deactivate = useSingleFlightMutation({
    mutationFn: () => deactivateMember(organisationId, member.id),
    onSuccess: () => {
      // The row loses its controls: the keyboard goes to the list's heading as the dialog closes.
      deactivated.current = true;
      setConfirming(false);
      done(t('orgAdmin.members.deactivated', { email: member.email ?? member.userId }));
    },
  });
  const who = member.email ?? member.displayName ?? member.userId;
  const active = member.status === 'active';
  return (
    <tr data-member-id={member.id}>
      <td>
        {who}
        {self && <span className="muted"> ({t('orgAdmin.members.you')})</span>}
        {member.kind === 'system' && (
          <span className="muted" data-member-kind="system">
            {' '}
            ({t('orgAdmin.members.system')})
          </span>
        )}
      </td>
      <td>
        {active && !self ? (
          <div className="row-actions">
            <label className="visually-hidden" htmlFor={`role-${member.id}`}>
              {t('orgAdmin.members.roleOf', { email: who })}
            </label>
            <select
              ref={roleRef}
              id={`role-${member.id}`}
              className="field__select"
              value={role}
              onChange={(event) => setRole(event.target.value as MemberRole)}
            >
              {MEMBER_ROLES.map((code) => (
                <option key={code} value={code}>
                  {t(`role.${code}`)}
                </option>
              ))}
            </select>
            <Button
              variant="secondary"
              disabled={role === member.role || update.isPending}
              aria-label={`${t('orgAdmin.members.changeRole')}: ${who}`}
              onClick={() => update.mutate()}
            >
              {t('orgAdmin.members.changeRole')}
            </Button>
          </div>
        ) : (
          t(`role.${member.role}`)
        )}
        {update.isError && (
          <p className="field__error" role="alert">
            {adminErrorMessage(update.error, t)}
          </p>
        )}
      </td>
      <td>{t(`orgAdmin.members.status.${member.status}`)}</td>
      <td>{format.date(member.createdAt)}</td>
      <td>
        {active && !self && (
          <Button
            variant="secondary"
            aria-label={`${t('orgAdmin.members.deactivate')}: ${who}`}
            onClick={() => setConfirming(true)}
          >
            {t('orgAdmin.members.deactivate')}
          </Button>
        )}
        {confirming && (
          <ConfirmDialog
            title={t('orgAdmin.members.confirmTitle', { email: who })}
            confirmLabel={t('orgAdmin.members.confirmDeactivate')}
            cancelLabel={t('common.cancel')}
            busy={deactivate.isPending}
            error={deactivate.isError ? adminErrorMessage(deactivate.error, t) : null}
            onConfirm={() => deactivate.mutate()}
            onCancel={() => setConfirming(false)}
            returnFocus={() => (deactivated.current ? heading(MEMBERS_HEADING) : null)}
          >
            <p>{t('orgAdmin.members.confirmText')}</p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}

function InvitationRow({
  invitation,
  organisationId,
  onResent,
}: {
  invitation: Invitation;
  organisationId: string;
  /** The new invitation replacing this one, once the list has been refreshed. */
  onResent(replacement: Invitation): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const { toast } = useAnnouncer();
  const [confirming, setConfirming] = useState(false);
  const revoked = useRef(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['members', organisationId] });
  // Resending is a new invitation to the same e-mail and role: the open one is revoked, a new
  // e-mail goes out with a new expiry.
  const resend = useSingleFlightMutation({
    mutationFn: () =>
      inviteMember(organisationId, {
        email: invitation.email,
        role: invitation.role,
        ...(invitation.language ? { language: invitation.language } : {}),
      }),
    onSuccess: async (replacement) => {
      toast(t('orgAdmin.invite.resent', { email: invitation.email }));
      // This row goes away with the refresh: the keyboard follows to the new invitation's row.
      await refresh();
      onResent(replacement);
    },
  });
  const revoke = useSingleFlightMutation({
    mutationFn: () => revokeInvitation(organisationId, invitation.id),
    onSuccess: () => {
      // The row goes away: the keyboard goes to the list's heading as the dialog closes.
      revoked.current = true;
      setConfirming(false);
      toast(t('orgAdmin.invite.revoked', { email: invitation.email }));
      void refresh();
    },
  });
  const failed = resend.error;
  return (
    <tr data-invitation-id={invitation.id}>
      <td>{invitation.email}</td>
      <td>{t(`role.${invitation.role}`)}</td>
      <td>{format.dateTime(invitation.createdAt)}</td>
      <td>{format.dateTime(invitation.expiresAt)}</td>
      <td>
        <div className="row-actions">
          <Button
            variant="secondary"
            disabled={resend.isPending}
            aria-label={`${t('orgAdmin.invite.resend')}: ${invitation.email}`}
            onClick={() => resend.mutate()}
          >
            {t('orgAdmin.invite.resend')}
          </Button>
          <Button
            variant="secondary"
            aria-label={`${t('orgAdmin.invite.revoke')}: ${invitation.email}`}
            onClick={() => setConfirming(true)}
          >
            {t('orgAdmin.invite.revoke')}
          </Button>
        </div>
        {confirming && (
          <ConfirmDialog
            title={t('orgAdmin.invite.confirmRevokeTitle', { email: invitation.email })}
            confirmLabel={t('orgAdmin.invite.confirmRevoke')}
            cancelLabel={t('common.cancel')}
            busy={revoke.isPending}
            error={revoke.isError ? adminErrorMessage(revoke.error, t) : null}
            onConfirm={() => revoke.mutate()}
            onCancel={() => setConfirming(false)}
            returnFocus={() => (revoked.current ? heading(INVITATIONS_HEADING) : null)}
          >
            <p>{t('orgAdmin.invite.confirmRevokeText')}</p>
          </ConfirmDialog>
        )}
        {failed && (
          <p className="field__error" role="alert">
            {adminErrorMessage(failed, t)}
          </p>
        )}
      </td>
    </tr>
  );
}

/** Members and invitations of one organisation; also used by the platform admin's organisation page. */
export function MembersPanel({
  organisationId,
  selfUserId,
  inviteRoles = MEMBER_ROLES,
}: {
  organisationId: string;
  selfUserId?: string;
  /** The roles the invite form offers (the platform admin invites only an organisation's administrator). */
  inviteRoles?: readonly MemberRole[];
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // A resent invitation's new row, to take the keyboard once it is drawn.
  const [focusInvitation, setFocusInvitation] = useState<string | null>(null);
  const query = useInfiniteQuery({
    queryKey: ['members', organisationId],
    queryFn: ({ pageParam }) => listMembers(organisationId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  // Under the same key prefix, so every change that refreshes the members refreshes these too.
  const invitationQuery = useInfiniteQuery({
    queryKey: ['members', organisationId, 'invitations'],
    queryFn: ({ pageParam }) => listInvitations(organisationId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const invitationPages = invitationQuery.data?.pages;
  useEffect(() => {
    const button = focusInvitation
      ? document.querySelector<HTMLButtonElement>(`tr[data-invitation-id="${focusInvitation}"] button`)
      : null;
    if (button) {
      button.focus();
      setFocusInvitation(null);
    }
  }, [focusInvitation, invitationPages]);
  const resent = (replacement: Invitation) => {
    const shown = queryClient
      .getQueryData<InfiniteData<Page<Invitation>>>(['members', organisationId, 'invitations'])
      ?.pages.some((page) => page.items.some((item) => item.id === replacement.id));
    if (shown) {
      setFocusInvitation(replacement.id);
    } else {
      // On a page not loaded yet: the list's heading.
      heading(INVITATIONS_HEADING)?.focus();
    }
  };
  if (query.isPending || invitationQuery.isPending) {
    return <Loading />;
  }
  if (query.isError || invitationQuery.isError) {
    return <LoadError error={query.error ?? invitationQuery.error} />;
  }
  const members = query.data.pages.flatMap((page) => page.items);
  const invitations = invitationQuery.data.pages.flatMap((page) => page.items);
  return (
    <>
      <section className="panel" aria-labelledby="members-heading">
        <h2 id={MEMBERS_HEADING} tabIndex={-1}>
          {t('orgAdmin.members.title')}
        </h2>
        <p role="status">{t('orgAdmin.members.count', { count: members.length })}</p>
        {members.length === 0 ? (
          <p>{t('orgAdmin.members.none')}</p>
        ) : (
          <TableScroll label={t('orgAdmin.members.title')}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('orgAdmin.members.email')}</th>
                  <th scope="col">{t('orgAdmin.members.role')}</th>
                  <th scope="col">{t('orgAdmin.members.state')}</th>
                  <th scope="col">{t('orgAdmin.members.since')}</th>
                  <th scope="col">{t('orgAdmin.members.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {members.map((member) => (
                  <MemberRow
                    key={member.id}
                    member={member}
                    organisationId={organisationId}
                    self={member.userId === selfUserId}
                  />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <LoadMore query={query} />
      </section>
      <section className="panel" aria-labelledby="invitations-heading">
        <h2 id={INVITATIONS_HEADING} tabIndex={-1}>
          {t('orgAdmin.invite.pendingTitle')}
        </h2>
        {invitations.length === 0 ? (
          <p>{t('orgAdmin.invite.none')}</p>
        ) : (
          <TableScroll label={t('orgAdmin.invite.pendingTitle')}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('orgAdmin.invite.email')}</th>
                  <th scope="col">{t('orgAdmin.invite.role')}</th>
                  <th scope="col">{t('orgAdmin.invite.sentAt')}</th>
                  <th scope="col">{t('orgAdmin.invite.expiresAt')}</th>
                  <th scope="col">{t('orgAdmin.members.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((invitation) => (
                  <InvitationRow
                    key={invitation.id}
                    invitation={invitation}
                    organisationId={organisationId}
                    onResent={resent}
                  />
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <LoadMore query={invitationQuery} />
        <InviteForm
          organisationId={organisationId}
          roles={inviteRoles}
          onInvited={() => void queryClient.invalidateQueries({ queryKey: ['members', organisationId] })}
        />
      </section>
    </>
  );
}
