// A stand-in for the partners service over real NATS: answers the organisation lookup the
// clients service makes (consent recipients, receipt names) with a fixed set of organisations.
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { Envelope, OrganisationSummary } from '#contracts';
import { natsServerStrategy } from '#messaging';

export const MONI = '11111111-1111-4111-8111-111111111111';
export const KELA = '22222222-2222-4222-8222-222222222222';
export const EMPLOYMENT = '33333333-3333-4333-8333-333333333333';
export const REDCROSS = '44444444-4444-4444-8444-444444444444';
export const CLOSED = '55555555-5555-4555-8555-555555555555';

const organisation = (
  id: string,
  fi: string,
  en: string | null,
  status: OrganisationSummary['status'] = 'active',
) => ({
  id,
  name: { fi, sv: null, en },
  status,
  canSend: true,
  canReceive: true,
  acceptingReferrals: true,
  responseDays: 5,
});

export const ORGANISATIONS: OrganisationSummary[] = [
  organisation(MONI, 'MONI (Seinäjoen kaupunki)', 'MONI (City of Seinäjoki)'),
  organisation(KELA, 'Kela, Seinäjoen toimisto', 'Kela, Seinäjoki office'),
  organisation(EMPLOYMENT, 'Seinäjoen seudun työllisyyspalvelut', 'Seinäjoki region employment services'),
  organisation(REDCROSS, 'Suomen Punainen Risti, Seinäjoen osasto', null),
  organisation(CLOSED, 'Lakkautettu yhdistys', null, 'deactivated'),
];

@Controller()
class PartnersStubController {
  @MessagePattern('partners.organisation.lookup')
  lookup(@Payload() msg: Envelope<{ ids: string[] }>) {
    return { organisations: ORGANISATIONS.filter((org) => msg.data.ids.includes(org.id)) };
  }
}

@Module({ controllers: [PartnersStubController] })
class PartnersStubModule {}

export async function startPartnersStub(natsUrl: string, prefix: string): Promise<INestMicroservice> {
  const app = await NestFactory.createMicroservice(PartnersStubModule, {
    ...natsServerStrategy({ natsUrl }, 'partners', prefix),
    logger: false,
  });
  await app.listen();
  return app;
}
