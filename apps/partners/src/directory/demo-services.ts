// The demo network's service directory (api.md "Demo realm and logins"), in three languages.
// Development/demo only: contact details are fictitious (.example domains, 555 numbers).
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { ServiceAddress, ServiceFields } from '#contracts';
import { PARTNERS_CONFIG, type PartnersConfig } from '../config.js';
import { DemoDataLoader } from '../demo/demo-data.js';
import {
  DEMO_ORG_EMPLOYMENT,
  DEMO_ORG_KAKSKATTA,
  DEMO_ORG_KELA,
  DEMO_ORG_MONI,
  DEMO_ORG_OHJAAMO,
  DEMO_ORG_PENDING,
  DEMO_ORG_RED_CROSS,
  DEMO_ORG_REFUGEE_WORK,
  DEMO_ORG_SEDU,
} from '../demo/demo-organisations.js';
import { OrganisationEntity } from '../organisations/organisation.entity.js';
import { ServiceEntity } from '../services/service.entity.js';
import { toServiceColumns } from '../services/service.mapper.js';

export interface DemoService extends ServiceFields {
  id: string;
  organisationId: string;
}

const demoId = (n: number): string => `3d5f2a60-8c1b-4e7a-b9d2-6f0e1c2b3a${n.toString().padStart(2, '0')}`;

export const DEMO_SERVICE_MONI_GUIDANCE = demoId(1);
export const DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH = demoId(3);
export const DEMO_SERVICE_KELA_BENEFITS = demoId(5);
export const DEMO_SERVICE_RED_CROSS_FRIEND = demoId(6);
export const DEMO_SERVICE_SEDU_FINNISH = demoId(10);

/** A street address in Seinäjoki (South Ostrobothnia), with its coordinates. */
const seinajoki = (
  street: string,
  latitude: number,
  longitude: number,
  postalCode = '60100',
): ServiceAddress => ({
  street,
  postalCode,
  city: 'Seinäjoki',
  region: 'Etelä-Pohjanmaa',
  latitude,
  longitude,
});

export const DEMO_SERVICES: readonly DemoService[] = [
  {
    id: DEMO_SERVICE_MONI_GUIDANCE,
    organisationId: DEMO_ORG_MONI,
    name: {
      fi: 'MONI-ohjaus ja -neuvonta',
      sv: 'MONI-vägledning och rådgivning',
      en: 'MONI guidance and counselling',
    },
    description: {
      fi: 'Matalan kynnyksen ohjausta ja neuvontaa maahanmuuttajille: oleskeluluvat, asuminen, etuudet, perheen asiat ja arjen kysymykset. Autamme löytämään oikean palvelun ja ohjaamme eteenpäin.',
      sv: 'Lågtröskelvägledning och rådgivning för invandrare: uppehållstillstånd, boende, förmåner, familjefrågor och vardagen. Vi hjälper dig att hitta rätt tjänst och vägleder dig vidare.',
      en: 'Low-threshold guidance and counselling for immigrants: residence permits, housing, benefits, family matters and everyday life. We help you find the right service and refer you on.',
    },
    needs: ['residence', 'housing', 'benefits', 'family', 'leisure_integration'],
    eligibility: {
      fi: 'Seinäjoella ja lähikunnissa asuvat maahanmuuttajat. Ei ajanvarausta.',
      sv: 'Invandrare som bor i Seinäjoki och grannkommunerna. Ingen tidsbokning.',
      en: 'Immigrants living in Seinäjoki and neighbouring municipalities. No appointment needed.',
    },
    languages: ['fi', 'sv', 'en', 'ar', 'ru', 'uk', 'so', 'fa'],
    interpretationAvailable: true,
    address: seinajoki('Kauppakatu 17', 62.7903, 22.8403),
    contact: {
      phone: '+358 6 555 0101',
      email: 'moni@seinajoki.example',
      url: 'https://moni.seinajoki.example',
    },
    howToRefer: {
      fi: 'Asiakas voi tulla suoraan aukioloaikoina tai kumppani voi lähettää lähetteen palvelussa.',
      sv: 'Klienten kan komma direkt under öppettiderna eller en partner kan skicka en remiss i tjänsten.',
      en: 'Clients may walk in during opening hours, or a partner may send a referral through the platform.',
    },
    referralStatus: 'accepting',
  },
  {
    id: demoId(2),
    organisationId: DEMO_ORG_MONI,
    name: { fi: 'Alkukartoitus', sv: 'Inledande kartläggning', en: 'Initial assessment' },
    description: {
      fi: 'Kotoutumislain mukainen alkukartoitus: selvitetään osaaminen, kielitaito ja tavoitteet sekä laaditaan kotoutumissuunnitelma.',
      sv: 'Inledande kartläggning enligt integrationslagen: kunskaper, språkkunskaper och mål kartläggs och en integrationsplan utarbetas.',
      en: 'Initial assessment under the Integration Act: skills, language proficiency and goals are mapped and an integration plan is drawn up.',
    },
    needs: ['employment', 'education', 'language_training'],
    eligibility: {
      fi: 'Äskettäin Suomeen muuttaneet, jotka eivät ole työ- ja elinkeinopalvelujen asiakkaita.',
      sv: 'Nyligen inflyttade som inte är kunder hos arbets- och näringstjänsterna.',
      en: 'Recent arrivals who are not clients of employment and economic development services.',
    },
    languages: ['fi', 'en', 'ar', 'ru', 'uk'],
    interpretationAvailable: true,
    address: seinajoki('Kauppakatu 17', 62.7903, 22.8403),
    contact: { phone: '+358 6 555 0102', email: 'alkukartoitus@seinajoki.example', url: null },
    howToRefer: {
      fi: 'Lähete palvelussa. Liitä mukaan tieto oleskeluluvan tyypistä.',
      sv: 'Remiss i tjänsten. Bifoga uppgift om typen av uppehållstillstånd.',
      en: 'Referral through the platform. Include the type of residence permit.',
    },
    referralStatus: 'accepting',
  },
  {
    id: DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH,
    organisationId: DEMO_ORG_EMPLOYMENT,
    name: {
      fi: 'Työnhaun tuki maahanmuuttajille',
      sv: 'Stöd i jobbsökandet för invandrare',
      en: 'Job search support for immigrants',
    },
    description: {
      fi: 'Henkilökohtaista tukea työnhakuun: ansioluettelo, työhakemukset, työpaikkojen etsiminen ja haastatteluihin valmistautuminen. Lisäksi tietoa palkkatuesta ja työkokeilusta.',
      sv: 'Personligt stöd i jobbsökandet: cv, arbetsansökningar, att hitta lediga jobb och förbereda sig för intervjuer. Information om lönesubvention och arbetsprövning.',
      en: 'Personal support in job search: CV, applications, finding vacancies and preparing for interviews. Information on pay subsidies and work trials.',
    },
    needs: ['employment'],
    eligibility: {
      fi: 'Työttömät tai työttömyysuhan alaiset työnhakijat, joilla on oikeus työskennellä Suomessa.',
      sv: 'Arbetslösa eller arbetssökande som hotas av arbetslöshet och har rätt att arbeta i Finland.',
      en: 'Unemployed jobseekers, or those at risk of unemployment, who have the right to work in Finland.',
    },
    languages: ['fi', 'sv', 'en', 'ru', 'ar'],
    interpretationAvailable: true,
    address: seinajoki('Koulukatu 20', 62.7889, 22.8442),
    contact: {
      phone: '+358 6 555 0201',
      email: 'tyonhaku@tyollisyys.seinajoki.example',
      url: 'https://tyollisyys.seinajoki.example/maahanmuuttajat',
    },
    howToRefer: {
      fi: 'Asiakkaan tulee olla ilmoittautunut työnhakijaksi. Lähete palvelussa; vastaamme viiden arkipäivän kuluessa.',
      sv: 'Klienten ska vara registrerad som arbetssökande. Remiss i tjänsten; vi svarar inom fem vardagar.',
      en: 'The client must be registered as a jobseeker. Referral through the platform; we answer within five working days.',
    },
    referralStatus: 'accepting',
  },
  {
    id: demoId(4),
    organisationId: DEMO_ORG_EMPLOYMENT,
    name: {
      fi: 'Ohjaus kotoutumiskoulutukseen',
      sv: 'Vägledning till integrationsutbildning',
      en: 'Guidance to integration training',
    },
    description: {
      fi: 'Arvioimme suomen tai ruotsin kielen taidon ja ohjaamme sopivaan kotoutumiskoulutukseen tai muuhun kielikoulutukseen.',
      sv: 'Vi bedömer kunskaperna i finska eller svenska och vägleder till lämplig integrationsutbildning eller annan språkutbildning.',
      en: 'We assess Finnish or Swedish language skills and guide the client to suitable integration training or other language courses.',
    },
    needs: ['language_training', 'education'],
    eligibility: null,
    languages: ['fi', 'en', 'ar', 'so', 'uk'],
    interpretationAvailable: true,
    address: seinajoki('Koulukatu 20', 62.7889, 22.8442),
    contact: { phone: '+358 6 555 0202', email: 'kotoutuminen@tyollisyys.seinajoki.example', url: null },
    howToRefer: {
      fi: 'Lähete palvelussa. Mainitse mahdollinen aiempi kielikoulutus.',
      sv: 'Remiss i tjänsten. Nämn eventuell tidigare språkutbildning.',
      en: 'Referral through the platform. Mention any earlier language training.',
    },
    referralStatus: 'accepting',
  },
  {
    id: DEMO_SERVICE_KELA_BENEFITS,
    organisationId: DEMO_ORG_KELA,
    name: { fi: 'Etuusneuvonta', sv: 'Förmånsrådgivning', en: 'Benefits counselling' },
    description: {
      fi: 'Neuvontaa Kelan etuuksista: asumisperusteinen sosiaaliturva, kotoutumistuki, asumistuki, lapsilisä ja perustoimeentulotuki. Autamme hakemusten täyttämisessä.',
      sv: 'Rådgivning om FPA:s förmåner: bosättningsbaserad social trygghet, integrationsstöd, bostadsbidrag, barnbidrag och grundläggande utkomststöd. Vi hjälper till med ansökningarna.',
      en: 'Counselling on Kela benefits: residence-based social security, integration allowance, housing allowance, child benefit and basic social assistance. We help with the applications.',
    },
    needs: ['benefits', 'family', 'housing'],
    eligibility: {
      fi: 'Suomessa asuvat tai Suomeen muuttavat henkilöt.',
      sv: 'Personer som bor i eller flyttar till Finland.',
      en: 'People living in or moving to Finland.',
    },
    languages: ['fi', 'sv', 'en'],
    interpretationAvailable: true,
    address: seinajoki('Valtionkatu 1', 62.7862, 22.8416),
    contact: { phone: '+358 20 555 0301', email: null, url: 'https://kela.example/muutto-suomeen' },
    howToRefer: {
      fi: 'Lähete palvelussa, niin varaamme asiakkaalle ajan ja tarvittaessa tulkin.',
      sv: 'Remiss i tjänsten, så bokar vi en tid och vid behov en tolk för klienten.',
      en: 'Send a referral through the platform and we book an appointment, with an interpreter when needed.',
    },
    referralStatus: 'accepting',
  },
  {
    id: DEMO_SERVICE_RED_CROSS_FRIEND,
    organisationId: DEMO_ORG_RED_CROSS,
    name: { fi: 'Ystävätoiminta', sv: 'Vänverksamhet', en: 'Friend activity' },
    description: {
      fi: 'Koulutettu vapaaehtoinen ystävä tapaa maahanmuuttajaa säännöllisesti: yhdessä harjoitellaan suomea, tutustutaan kaupunkiin ja harrastuksiin.',
      sv: 'En utbildad frivillig vän träffar invandraren regelbundet: man övar finska tillsammans och bekantar sig med staden och fritidsaktiviteter.',
      en: 'A trained volunteer friend meets the newcomer regularly: practising Finnish together and getting to know the town and its leisure activities.',
    },
    needs: ['leisure_integration', 'language_training'],
    eligibility: {
      fi: 'Aikuiset maahanmuuttajat, jotka toivovat suomalaista ystävää.',
      sv: 'Vuxna invandrare som önskar en finländsk vän.',
      en: 'Adult immigrants who would like a Finnish friend.',
    },
    languages: ['fi', 'sv', 'en'],
    interpretationAvailable: false,
    address: null,
    contact: {
      phone: '+358 40 555 0401',
      email: 'ystavatoiminta@punainenristi.example',
      url: 'https://punainenristi.example/seinajoki/ystavatoiminta',
    },
    howToRefer: {
      fi: 'Lähete palvelussa. Ystäviä on juuri nyt vähemmän kuin toivojia, joten lähete menee jonoon.',
      sv: 'Remiss i tjänsten. Det finns just nu färre vänner än önskemål, så remissen placeras i kö.',
      en: 'Referral through the platform. There are fewer volunteer friends than requests right now, so the referral is waitlisted.',
    },
    referralStatus: 'waitlist',
  },
  {
    id: demoId(7),
    organisationId: DEMO_ORG_RED_CROSS,
    name: { fi: 'Kielikahvila', sv: 'Språkcafé', en: 'Language café' },
    description: {
      fi: 'Avoin kielikahvila keskiviikkoisin: keskustelua suomeksi rennossa seurassa, kahvia ja vertaistukea.',
      sv: 'Öppet språkcafé på onsdagar: samtal på finska i avslappnat sällskap, kaffe och kamratstöd.',
      en: 'An open language café on Wednesdays: conversation in Finnish in a relaxed group, coffee and peer support.',
    },
    needs: ['language_training', 'leisure_integration'],
    eligibility: null,
    languages: ['fi', 'en'],
    interpretationAvailable: false,
    address: seinajoki('Kalevankatu 9', 62.7921, 22.8367),
    contact: { phone: null, email: 'seinajoki@punainenristi.example', url: null },
    howToRefer: {
      fi: 'Ei lähetettä: asiakas voi tulla suoraan.',
      sv: 'Ingen remiss: klienten kan komma direkt.',
      en: 'No referral needed: clients may just come.',
    },
    referralStatus: 'accepting',
  },
  {
    id: demoId(8),
    organisationId: DEMO_ORG_REFUGEE_WORK,
    name: {
      fi: 'Pakolaisten kotoutumispalvelut',
      sv: 'Integrationstjänster för flyktingar',
      en: 'Integration services for refugees',
    },
    description: {
      fi: 'Kiintiöpakolaisten ja tilapäistä suojelua saavien vastaanotto ja sosiaaliohjaus: asunto, palveluihin ohjaus, perheenyhdistäminen ja arjen tuki ensimmäisten vuosien aikana.',
      sv: 'Mottagning och socialhandledning för kvotflyktingar och personer med tillfälligt skydd: bostad, vägledning till tjänster, familjeåterförening och stöd i vardagen under de första åren.',
      en: 'Reception and social guidance for quota refugees and beneficiaries of temporary protection: housing, guidance to services, family reunification and everyday support during the first years.',
    },
    needs: ['residence', 'housing', 'family', 'health', 'benefits'],
    eligibility: {
      fi: 'Seinäjoelle sijoitetut pakolaiset ja tilapäistä suojelua saavat.',
      sv: 'Flyktingar och personer med tillfälligt skydd som placerats i Seinäjoki.',
      en: 'Refugees and beneficiaries of temporary protection settled in Seinäjoki.',
    },
    languages: ['fi', 'en', 'ar', 'fa', 'so', 'uk', 'ru', 'ti', 'ku'],
    interpretationAvailable: true,
    address: seinajoki('Kirkkokatu 6', 62.7935, 22.8421),
    contact: { phone: '+358 6 555 0501', email: 'pakolaistyo@seinajoki.example', url: null },
    howToRefer: {
      fi: 'Lähete palvelussa; kiireellisissä asioissa soita lisäksi.',
      sv: 'Remiss i tjänsten; ring också i brådskande fall.',
      en: 'Referral through the platform; in urgent matters, also call.',
    },
    referralStatus: 'accepting',
  },
  {
    id: demoId(9),
    organisationId: DEMO_ORG_OHJAAMO,
    name: {
      fi: 'Nuorten ohjaus ja neuvonta',
      sv: 'Vägledning och rådgivning för unga',
      en: 'Guidance and counselling for young people',
    },
    description: {
      fi: 'Ohjaamossa alle 30-vuotias saa maksutta apua opiskeluun, työhön, asumiseen ja hyvinvointiin liittyvissä asioissa yhdestä paikasta.',
      sv: 'På Ohjaamo får unga under 30 år gratis hjälp med studier, arbete, boende och välmående på ett och samma ställe.',
      en: 'At Ohjaamo, young people under 30 get free help with studies, work, housing and wellbeing in one place.',
    },
    needs: ['education', 'employment', 'housing', 'health'],
    eligibility: { fi: 'Alle 30-vuotiaat.', sv: 'Unga under 30 år.', en: 'Young people under 30.' },
    languages: ['fi', 'sv', 'en'],
    interpretationAvailable: true,
    address: seinajoki('Vapaudentie 6', 62.7948, 22.8335),
    contact: {
      phone: '+358 6 555 0601',
      email: 'ohjaamo@seinajoki.example',
      url: 'https://ohjaamo.seinajoki.example',
    },
    howToRefer: {
      fi: 'Lähete palvelussa tai nuori voi tulla suoraan ilman ajanvarausta.',
      sv: 'Remiss i tjänsten, eller så kan den unga komma direkt utan tidsbokning.',
      en: 'Referral through the platform, or the young person may drop in without an appointment.',
    },
    referralStatus: 'accepting',
  },
  {
    id: DEMO_SERVICE_SEDU_FINNISH,
    organisationId: DEMO_ORG_SEDU,
    name: {
      fi: 'Suomen kielen kurssit aikuisille maahanmuuttajille',
      sv: 'Finska kurser för vuxna invandrare',
      en: 'Finnish language courses for adult immigrants',
    },
    description: {
      fi: 'Suomen kielen kursseja alkeista tasolle B1, päivä- ja iltaryhmät. Kurssit sisältävät työelämätaitoja ja yhteiskuntatietoutta.',
      sv: 'Kurser i finska från nybörjarnivå till nivå B1, dag- och kvällsgrupper. Kurserna innehåller arbetslivsfärdigheter och samhällskunskap.',
      en: 'Finnish language courses from beginner to level B1, day and evening groups. The courses include working-life skills and civics.',
    },
    needs: ['language_training', 'education'],
    eligibility: {
      fi: 'Yli 17-vuotiaat, joiden äidinkieli ei ole suomi.',
      sv: 'Personer över 17 år vars modersmål inte är finska.',
      en: 'People over 17 whose first language is not Finnish.',
    },
    languages: ['fi', 'en', 'ru', 'ar'],
    interpretationAvailable: false,
    address: seinajoki('Koulukatu 41', 62.7858, 22.8501),
    contact: {
      phone: '+358 20 555 0701',
      email: 'kielikoulutus@sedu.example',
      url: 'https://sedu.example/suomen-kieli',
    },
    howToRefer: {
      fi: 'Lähete palvelussa. Kevään ryhmät ovat täynnä, joten uudet lähetteet menevät jonoon syksyn ryhmiin.',
      sv: 'Remiss i tjänsten. Vårens grupper är fulla, så nya remisser placeras i kö till höstens grupper.',
      en: 'Referral through the platform. The spring groups are full, so new referrals are waitlisted for the autumn groups.',
    },
    referralStatus: 'waitlist',
  },
  {
    id: demoId(11),
    organisationId: DEMO_ORG_SEDU,
    name: {
      fi: 'Tutkintokoulutukseen valmentava koulutus (TUVA)',
      sv: 'Utbildning som handleder för examensutbildning (Hux)',
      en: 'Preparatory education for vocational studies (TUVA)',
    },
    description: {
      fi: 'Valmentava koulutus antaa valmiuksia hakeutua ammatilliseen koulutukseen: suomen kieltä, opiskelutaitoja ja alojen tutustumista.',
      sv: 'Den handledande utbildningen ger färdigheter för att söka till yrkesutbildning: finska, studiefärdigheter och bekantskap med branscher.',
      en: 'Preparatory education gives the skills to apply for vocational training: Finnish, study skills and getting to know different fields.',
    },
    needs: ['education', 'language_training'],
    eligibility: {
      fi: 'Perusopetuksen päättäneet tai vastaavat tiedot omaavat.',
      sv: 'De som avslutat den grundläggande utbildningen eller har motsvarande kunskaper.',
      en: 'Those who have completed basic education or have equivalent knowledge.',
    },
    languages: ['fi', 'en'],
    interpretationAvailable: false,
    address: seinajoki('Koulukatu 41', 62.7858, 22.8501),
    contact: {
      phone: '+358 20 555 0702',
      email: 'hakeutuminen@sedu.example',
      url: 'https://sedu.example/tuva',
    },
    howToRefer: {
      fi: 'Lähete palvelussa tai haku jatkuvan haun kautta.',
      sv: 'Remiss i tjänsten eller ansökan via den kontinuerliga ansökan.',
      en: 'Referral through the platform, or an application through continuous admission.',
    },
    referralStatus: 'accepting',
  },
  {
    id: demoId(12),
    organisationId: DEMO_ORG_KAKSKATTA,
    name: { fi: 'Työpajatoiminta', sv: 'Verkstadsverksamhet', en: 'Workshop activities' },
    description: {
      fi: 'Kakskättä pajan työpajoissa (puu, tekstiili, kierrätys, keittiö) harjoitellaan työelämän taitoja ja suomen kieltä käytännön työssä, ohjaajan tuella.',
      sv: 'I Kakskättä pajas verkstäder (trä, textil, återvinning, kök) övar man arbetslivsfärdigheter och finska i praktiskt arbete, med stöd av en handledare.',
      en: "In Kakskättä paja's workshops (wood, textiles, recycling, kitchen) people practise working-life skills and Finnish through practical work, supported by an instructor.",
    },
    needs: ['employment', 'leisure_integration', 'language_training'],
    eligibility: {
      fi: 'Työttömät aikuiset; soveltuu myös vähäisellä suomen kielen taidolla.',
      sv: 'Arbetslösa vuxna; passar även med svaga kunskaper i finska.',
      en: 'Unemployed adults; suitable also with little Finnish.',
    },
    languages: ['fi', 'en'],
    interpretationAvailable: false,
    address: seinajoki('Ruukintie 5', 62.7781, 22.8177, '60200'),
    contact: { phone: '+358 40 555 0801', email: 'paja@kakskatta.example', url: 'https://kakskatta.example' },
    howToRefer: {
      fi: 'Lähete palvelussa; pajajakso sovitaan tutustumiskäynnillä.',
      sv: 'Remiss i tjänsten; verkstadsperioden avtalas vid ett bekantskapsbesök.',
      en: 'Referral through the platform; the workshop period is agreed on an introductory visit.',
    },
    referralStatus: 'accepting',
  },
  {
    // Its organisation still waits for its data-sharing agreement: not in the directory yet.
    id: demoId(13),
    organisationId: DEMO_ORG_PENDING,
    name: {
      fi: 'Monikulttuurinen perhekerho',
      sv: 'Mångkulturell familjeklubb',
      en: 'Multicultural family club',
    },
    description: {
      fi: 'Viikoittainen kerho lapsiperheille: leikkiä, laulua ja vanhempien vertaistukea.',
      sv: 'En veckoklubb för barnfamiljer: lek, sång och kamratstöd för föräldrar.',
      en: 'A weekly club for families with children: play, singing and peer support for parents.',
    },
    needs: ['family', 'leisure_integration'],
    eligibility: null,
    languages: ['fi', 'en', 'ar', 'so'],
    interpretationAvailable: false,
    address: null,
    contact: { phone: null, email: 'info@monikulttuuri.example', url: null },
    howToRefer: null,
    referralStatus: 'accepting',
  },
];

/**
 * Inserts the demo services whose organisation exists; services already there (by id) are left
 * alone, so running it again changes nothing. Returns how many it created.
 */
export async function seedDemoServices(manager: EntityManager): Promise<number> {
  const organisations = await manager.find(OrganisationEntity, {
    where: { id: In([...new Set(DEMO_SERVICES.map((service) => service.organisationId))]) },
    select: { id: true },
  });
  const present = new Set(organisations.map((organisation) => organisation.id));
  const rows = DEMO_SERVICES.filter((service) => present.has(service.organisationId)).map((service) => ({
    id: service.id,
    organisationId: service.organisationId,
    ...toServiceColumns(service),
  }));
  if (rows.length === 0) {
    return 0;
  }
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(ServiceEntity)
    .values(rows)
    .orIgnore()
    .returning(['id'])
    .execute();
  return (result.raw as unknown[]).length;
}

/** Loads the demo services at start (DEMO_DATA=true), after the demo organisations. */
@Injectable()
export class DemoServicesLoader implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoServicesLoader.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(PARTNERS_CONFIG) private readonly config: PartnersConfig,
    private readonly organisations: DemoDataLoader,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) {
      return;
    }
    await this.organisations.ensureLoaded();
    const created = await this.dataSource.transaction((manager) => seedDemoServices(manager));
    this.logger.log({ created }, 'demo services loaded');
  }
}
