import { Inject, Injectable } from '@nestjs/common';
import type { Actor, ConsentReceiptPayload, ConsentReceiptReply, OrganisationSummary } from '#contracts';
import { resolveLanguage, type Language } from '#i18n';
import { AuditRecorder } from '#service-core';
import { consentNotFound, requireAdvisor } from '../access.js';
import { ClientRepository } from '../clients/client.repository.js';
import { CLIENTS_CONFIG, type ClientsConfig } from '../config.js';
import { toConsentView } from '../consents/consent.mapper.js';
import { ConsentRepository } from '../consents/consent.repository.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { OrganisationDirectory } from '../organisation-directory.js';
import { renderReceiptHtml, renderReceiptPdf, type ReceiptModel } from './receipt-document.js';

/** Organisation names exist in Finnish, and optionally Swedish and English. */
function nameIn(organisation: OrganisationSummary | undefined, language: Language): string | null {
  if (!organisation) {
    return null;
  }
  const { fi, sv, en } = organisation.name;
  if (language === 'fi') {
    return fi;
  }
  return language === 'sv' ? (sv ?? fi) : (en ?? fi);
}

@Injectable()
export class ReceiptService {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly clients: ClientRepository,
    private readonly directory: OrganisationDirectory,
    private readonly audit: AuditRecorder,
    private readonly cipher: FieldCipher,
    @Inject(CLIENTS_CONFIG) private readonly config: ClientsConfig,
  ) {}

  async receipt(
    actor: Actor | null,
    input: ConsentReceiptPayload,
    correlationId: string,
  ): Promise<ConsentReceiptReply> {
    const context = { actor: requireAdvisor(actor), correlationId };
    const consent = await this.consents.findById(input.consentId);
    if (!consent) {
      throw consentNotFound();
    }
    if (consent.organisationId !== context.actor.organisationId) {
      await this.audit.recordReads(context, [
        {
          action: 'consent.receipt_printed',
          outcome: 'refused',
          targetType: 'consent',
          targetId: consent.id,
          clientId: consent.clientId,
        },
      ]);
      throw consentNotFound();
    }
    const client = await this.clients.findById(consent.clientId);
    // An explicit but unknown language gets English; otherwise the client's own language.
    const language =
      input.lang !== undefined
        ? resolveLanguage(input.lang)
        : resolveLanguage(client?.preferredLanguage, consent.noticeLanguage);
    const organisations = await this.directory.lookup(context, [
      ...consent.recipientOrganisationIds,
      consent.organisationId,
    ]);
    const model: ReceiptModel = {
      language,
      consent: toConsentView(consent, this.cipher),
      client: {
        firstName: client?.firstName ?? null,
        lastName: client?.lastName ?? null,
        dateOfBirth: client?.dateOfBirth ?? null,
      },
      recipientNames: consent.recipientOrganisationIds.map((id) => nameIn(organisations.get(id), language)),
      controllerName: nameIn(organisations.get(consent.organisationId), language) ?? 'MONI',
      controllerContact: this.config.controllerContact,
      printedAt: new Date(),
    };
    const body =
      input.format === 'pdf' ? await renderReceiptPdf(model) : Buffer.from(renderReceiptHtml(model), 'utf8');
    await this.audit.recordReads(context, [
      {
        action: 'consent.receipt_printed',
        targetType: 'consent',
        targetId: consent.id,
        clientId: consent.clientId,
        consentId: consent.id,
        detail: { format: input.format, language },
      },
    ]);
    return {
      contentType: input.format === 'pdf' ? 'application/pdf' : 'text/html; charset=utf-8',
      filename: `consent-receipt-${consent.id}.${input.format}`,
      language,
      body: body.toString('base64'),
    };
  }
}
