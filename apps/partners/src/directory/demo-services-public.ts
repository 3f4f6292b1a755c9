// The demo directory: the public services (MONI, the employment services, Kela).
import { DEMO_ORG_EMPLOYMENT, DEMO_ORG_KELA, DEMO_ORG_MONI } from '../demo/demo-organisations.js';
import {
  DEMO_SERVICE_EMPLOYMENT_JOB_SEARCH,
  DEMO_SERVICE_KELA_BENEFITS,
  DEMO_SERVICE_MONI_GUIDANCE,
  demoId,
  seinajoki,
  type DemoService,
} from './demo-service-common.js';

export const PUBLIC_DEMO_SERVICES: readonly DemoService[] = [
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
];
