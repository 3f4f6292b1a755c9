// Texts of the client's disclosure log, in the clients' languages. They go through the same loader
// as the consent receipt (libs/i18n, English fallback); ru, uk and ar await a translator's review.
import type { Language, Messages } from '#i18n';

export const DISCLOSURE_TEXTS: Record<Language, Messages> = {
  fi: {
    disclosureLog: {
      title: 'Kuka on saanut tai nähnyt tietojasi',
      intro:
        'Tässä ovat organisaatiot, jotka ovat saaneet tai nähneet henkilötietojasi MONI-ohjausverkoston kautta, milloin se tapahtui ja mihin suostumukseen se perustui. Sinulla on oikeus saada nämä tiedot (EU:n yleinen tietosuoja-asetus, 15 artikla).',
      printed: 'Tulostettu {date}',
      clientRef: 'Asiakkaan tunniste',
      none: 'Mikään organisaatio ei ole saanut tai nähnyt tietojasi.',
      recipients: 'Organisaatiot',
      events: 'Tapahtumat',
      consent: 'Suostumus',
      noConsent: 'suostumusta ei ole kirjattu',
      questions: 'Jos sinulla on kysyttävää, kysy MONIn ohjaajaltasi.',
      action: {
        client_disclosed: 'Sai tietojasi',
        referral_sent: 'Sai lähetteen, jossa oli tietojasi',
        referral_shared_data_read: 'Katsoi lähetteen tietojasi',
        client_exported: 'Sai kopion tiedoistasi',
        other: 'Sai tai näki tietojasi',
      },
    },
  },
  sv: {
    disclosureLog: {
      title: 'Vem har fått eller sett dina uppgifter',
      intro:
        'Här visas de organisationer som har fått eller sett dina personuppgifter via MONI-hänvisningsnätverket, när det skedde och vilket samtycke det grundade sig på. Du har rätt att få denna information (EU:s allmänna dataskyddsförordning, artikel 15).',
      printed: 'Utskriven {date}',
      clientRef: 'Klientens referens',
      none: 'Ingen organisation har fått eller sett dina uppgifter.',
      recipients: 'Organisationer',
      events: 'Händelser',
      consent: 'Samtycke',
      noConsent: 'inget samtycke registrerat',
      questions: 'Om du har frågor, fråga din rådgivare på MONI.',
      action: {
        client_disclosed: 'Fick dina uppgifter',
        referral_sent: 'Fick en remiss med dina uppgifter',
        referral_shared_data_read: 'Såg dina uppgifter i en remiss',
        client_exported: 'Fick en kopia av dina uppgifter',
        other: 'Fick eller såg dina uppgifter',
      },
    },
  },
  en: {
    disclosureLog: {
      title: 'Who has received or seen your data',
      intro:
        'These are the organisations that have received or seen your personal data through the MONI referral network, when, and on which consent. You have the right to this information (EU General Data Protection Regulation, Article 15).',
      printed: 'Printed {date}',
      clientRef: 'Client reference',
      none: 'No organisation has received or seen your data.',
      recipients: 'Organisations',
      events: 'Events',
      consent: 'Consent',
      noConsent: 'no consent recorded',
      questions: 'If you have questions, ask your advisor at MONI.',
      action: {
        client_disclosed: 'Was given your data',
        referral_sent: 'Received a referral with your data',
        referral_shared_data_read: 'Viewed your data in a referral',
        client_exported: 'Received a copy of your data',
        other: 'Received or viewed your data',
      },
    },
  },
  ru: {
    disclosureLog: {
      title: 'Кто получил или видел ваши данные',
      intro:
        'Здесь перечислены организации, которые получили или просматривали ваши персональные данные через сеть направлений MONI, когда это произошло и на основании какого согласия. Вы имеете право на эту информацию (Общий регламент ЕС по защите данных, статья 15).',
      printed: 'Напечатано {date}',
      clientRef: 'Идентификатор клиента',
      none: 'Ни одна организация не получала и не просматривала ваши данные.',
      recipients: 'Организации',
      events: 'События',
      consent: 'Согласие',
      noConsent: 'согласие не зарегистрировано',
      questions: 'Если у вас есть вопросы, обратитесь к своему консультанту в MONI.',
      action: {
        client_disclosed: 'Получила ваши данные',
        referral_sent: 'Получила направление с вашими данными',
        referral_shared_data_read: 'Просмотрела ваши данные в направлении',
        client_exported: 'Получила копию ваших данных',
        other: 'Получила или просмотрела ваши данные',
      },
    },
  },
  uk: {
    disclosureLog: {
      title: 'Хто отримав або бачив ваші дані',
      intro:
        'Тут наведено організації, які отримали або переглядали ваші персональні дані через мережу направлень MONI, коли це сталося і на підставі якої згоди. Ви маєте право на цю інформацію (Загальний регламент ЄС про захист даних, стаття 15).',
      printed: 'Надруковано {date}',
      clientRef: 'Ідентифікатор клієнта',
      none: 'Жодна організація не отримувала і не переглядала ваші дані.',
      recipients: 'Організації',
      events: 'Події',
      consent: 'Згода',
      noConsent: 'згоду не зареєстровано',
      questions: 'Якщо у вас є запитання, зверніться до свого консультанта в MONI.',
      action: {
        client_disclosed: 'Отримала ваші дані',
        referral_sent: 'Отримала направлення з вашими даними',
        referral_shared_data_read: 'Переглянула ваші дані в направленні',
        client_exported: 'Отримала копію ваших даних',
        other: 'Отримала або переглянула ваші дані',
      },
    },
  },
  ar: {
    disclosureLog: {
      title: 'من تلقّى بياناتك أو اطّلع عليها',
      intro:
        'تعرض هذه الوثيقة الجهات التي تلقّت بياناتك الشخصية أو اطّلعت عليها عبر شبكة الإحالة MONI، ومتى حدث ذلك، وعلى أساس أي موافقة. يحق لك الحصول على هذه المعلومات (اللائحة العامة لحماية البيانات في الاتحاد الأوروبي، المادة 15).',
      printed: 'تاريخ الطباعة {date}',
      clientRef: 'معرّف العميل',
      none: 'لم تتلقَّ أي جهة بياناتك ولم تطّلع عليها.',
      recipients: 'الجهات',
      events: 'الأحداث',
      consent: 'الموافقة',
      noConsent: 'لا توجد موافقة مسجّلة',
      questions: 'إذا كانت لديك أسئلة، فاسأل مرشدك في MONI.',
      action: {
        client_disclosed: 'تلقّت بياناتك',
        referral_sent: 'تلقّت إحالة تتضمن بياناتك',
        referral_shared_data_read: 'اطّلعت على بياناتك في إحالة',
        client_exported: 'تلقّت نسخة من بياناتك',
        other: 'تلقّت بياناتك أو اطّلعت عليها',
      },
    },
  },
};
