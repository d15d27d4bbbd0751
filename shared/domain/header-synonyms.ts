// The one vocabulary of header matching (SPEC §2): each field's other names in seven languages, the qualifiers a header may carry, the words that keep a column off a field.

import type { BuiltInField } from './fields.js';
import { normalizeHeader } from './normalize-header.js';

/** The row's country for its phone number: not stored, unless the column also maps to a custom field. */
export const PHONE_COUNTRY = 'phone_country';

/** What a header can name through the vocabulary: a built-in field or the phone country. */
export type HeaderField = BuiltInField | typeof PHONE_COUNTRY;

export const HEADER_LANGUAGES = ['en', 'de', 'fr', 'es', 'pt', 'it', 'nl'] as const;
export type HeaderLanguage = (typeof HEADER_LANGUAGES)[number];

/**
 * Headers as people and exports write them, one spelling per normalised form (`Cell Phone` covers `Cellphone`,
 * `Telefono` covers `Teléfono`: accents are ignored here). Spellings that normalise to a field's own name
 * (`E-mail`, `First-Name`, `Job Title`) are exact names, not synonyms, so they are not listed: an exact name wins
 * over the synonyms of its field. A spelling may be listed for one field in several languages, never for two.
 *
 * English covers Google Contacts (old: `Given Name`, `E-mail 1 - Value`, `Organization 1 - Name`, `Group
 * Membership`; 2023+: `Organization Name`, `Organization Title`, `Labels`), Outlook (`E-mail Address`, `Business
 * Phone`, `Categories`, and `Title`, which holds Mr./Dr. beside a real `Job Title`), HubSpot (`Phone Number`,
 * `Mobile Phone Number`, `Associated Company`, `Country/Region`), LinkedIn (`Email Address`, `Position`),
 * Salesforce (`Account Name`, Data Loader's `MobilePhone`, `Account.Name`, `MailingCountry`), Zoho CRM
 * (`Secondary Email`, `Mailing Country`), Mailchimp (`Email Address`, `TAGS`) and Pipedrive (`Organization`,
 * `Label`, after its `Person - ` prefix). The other languages are the names Outlook, Google and common CRMs use
 * in those languages (German Outlook: `Telefon geschäftlich`, `Mobiltelefon`, `Firma`, `Position`,
 * `Land/Region geschäftlich`, `Kategorien`).
 */
const SYNONYMS: Record<HeaderLanguage, Record<HeaderField, readonly string[]>> = {
  en: {
    full_name: ['Name', 'Contact Name', 'Display Name', 'Person Name'],
    first_name: ['First', 'Given Name', 'Given', 'Forename', 'First Names', 'Contact First Name', 'fname'],
    last_name: ['Last', 'Surname', 'Family Name', 'Family', 'Contact Last Name', 'lname'],
    email: [
      'Email Address',
      'Email Addresses',
      'Mail',
      'Mail Address',
      'Emails',
      'Work Email',
      'Business Email',
      'Personal Email',
      'Home Email',
      'Contact Email',
      'E-mail 1 - Value',
      'E-mail 2 Address',
    ],
    phone: [
      'Phone Number',
      'Phone Numbers',
      'Phones',
      'Mobile',
      'Mobile Phone',
      'Mobile Number',
      'Mobile Phone Number',
      'Cell',
      'Cell Phone',
      'Cell Number',
      'Telephone',
      'Telephone Number',
      'Tel',
      'Work Phone',
      'Office Phone',
      'Direct Phone',
      'Business Phone',
      'Home Phone',
      'Primary Phone',
      'Other Phone',
      'Phone 1 - Value',
    ],
    company_name: [
      'Company',
      'Organization',
      'Organisation',
      'Organization Name',
      'Organisation Name',
      'Organization 1 - Name',
      'Account Name',
      'Associated Company',
      'Employer',
      'Business Name',
    ],
    job_title: [
      'Title',
      'Position',
      'Job',
      'Job Position',
      'Role',
      'Job Role',
      'Occupation',
      'Designation',
      'Organization Title',
      'Organisation Title',
      'Organization 1 - Title',
    ],
    tags: ['Tag', 'Labels', 'Label', 'Categories', 'Category', 'Group Membership', 'Groups'],
    phone_country: [
      'Country',
      'Country/Region',
      'Country or Region',
      'Mailing Country',
      'Home Country',
      'Business Country',
      'Other Country',
      'Address Country',
      'Postal Address Country',
      'Address 1 - Country',
      'Country Name',
      'Country of Residence',
      'Nation',
    ],
  },
  de: {
    full_name: ['Vollständiger Name', 'Kontaktname', 'Anzeigename'],
    first_name: ['Vorname', 'Vornamen', 'Rufname'],
    last_name: ['Nachname', 'Familienname', 'Zuname'],
    email: ['E-Mail-Adresse', 'E-Mail Adresse', 'Mailadresse', 'E-Mail 1: Adresse', 'Elektronische Post'],
    phone: [
      'Telefon',
      'Telefonnummer',
      'Rufnummer',
      'Handy',
      'Handynummer',
      'Mobil',
      'Mobiltelefon',
      'Mobilnummer',
      'Mobilfunknummer',
      'Haupttelefon',
    ],
    company_name: ['Firma', 'Firmenname', 'Unternehmen', 'Unternehmensname', 'Arbeitgeber', 'Organisation'],
    job_title: ['Position', 'Berufsbezeichnung', 'Stellenbezeichnung', 'Jobtitel', 'Funktion', 'Beruf'],
    tags: ['Kategorien', 'Kategorie', 'Schlagwörter', 'Stichwörter', 'Etiketten', 'Gruppen', 'Labels'],
    phone_country: ['Land', 'Land/Region', 'Staat/Land', 'Länderkennung'],
  },
  fr: {
    full_name: ['Nom complet', 'Nom et prénom', 'Prénom et nom', 'Nom du contact', "Nom d'affichage"],
    first_name: ['Prénom', 'Prénoms'],
    last_name: ['Nom', 'Nom de famille'],
    email: [
      'Courriel',
      'Adresse e-mail',
      'Adresse de messagerie',
      'Adresse électronique',
      'Adresse courriel',
      'Adresse mail',
      'Mél',
    ],
    phone: [
      'Téléphone',
      'Numéro de téléphone',
      'Tél',
      'Portable',
      'Téléphone portable',
      'Téléphone mobile',
      'Numéro de portable',
      'Mobile',
    ],
    company_name: [
      'Société',
      'Entreprise',
      "Nom de l'entreprise",
      'Raison sociale',
      'Employeur',
      'Organisation',
    ],
    job_title: ['Fonction', 'Poste', 'Intitulé du poste', 'Métier', 'Profession'],
    tags: ['Étiquettes', 'Étiquette', 'Catégories', 'Catégorie', 'Mots-clés', 'Libellés', 'Groupes'],
    phone_country: ['Pays', 'Pays/Région'],
  },
  es: {
    full_name: ['Nombre completo', 'Nombre y apellidos', 'Nombre del contacto'],
    first_name: ['Nombre', 'Nombres', 'Primer nombre'],
    last_name: ['Apellido', 'Apellidos', 'Primer apellido'],
    email: ['Correo electrónico', 'Correo', 'Dirección de correo electrónico', 'Correo-e'],
    phone: ['Teléfono', 'Número de teléfono', 'Móvil', 'Celular', 'Teléfono móvil', 'Número de celular'],
    company_name: ['Empresa', 'Compañía', 'Organización', 'Nombre de la empresa'],
    job_title: ['Cargo', 'Puesto', 'Puesto de trabajo', 'Título del puesto', 'Ocupación', 'Función'],
    tags: ['Etiquetas', 'Etiqueta', 'Categorías', 'Categoría', 'Grupos'],
    phone_country: ['País', 'País/Región'],
  },
  pt: {
    full_name: ['Nome completo'],
    first_name: ['Nome', 'Primeiro nome', 'Nome próprio'],
    last_name: ['Sobrenome', 'Último nome'],
    email: ['Endereço de e-mail', 'Endereço de email', 'Correio eletrônico', 'Correio electrónico'],
    phone: ['Telefone', 'Número de telefone', 'Celular', 'Telemóvel', 'Telefone celular'],
    company_name: ['Empresa', 'Companhia', 'Organização', 'Nome da empresa'],
    job_title: ['Cargo', 'Função', 'Profissão'],
    tags: ['Etiquetas', 'Marcadores', 'Categorias', 'Grupos'],
    phone_country: ['País'],
  },
  it: {
    full_name: ['Nome completo', 'Nominativo', 'Nome e cognome'],
    first_name: ['Nome'],
    last_name: ['Cognome'],
    email: ['Indirizzo email', 'Indirizzo e-mail', 'Indirizzo posta elettronica', 'Posta elettronica'],
    phone: ['Telefono', 'Numero di telefono', 'Cellulare', 'Cell', 'Numero di cellulare'],
    company_name: ['Azienda', 'Società', 'Ditta', 'Organizzazione', 'Nome azienda'],
    job_title: ['Qualifica', 'Ruolo', 'Posizione', 'Mansione', 'Professione', 'Incarico'],
    tags: ['Etichette', 'Etichetta', 'Categorie', 'Gruppi'],
    phone_country: ['Paese', 'Nazione'],
  },
  nl: {
    full_name: ['Naam', 'Volledige naam', 'Weergavenaam'],
    first_name: ['Voornaam', 'Roepnaam'],
    last_name: ['Achternaam'],
    email: ['E-mailadres', 'Mailadres'],
    phone: ['Telefoon', 'Telefoonnummer', 'Mobiel', 'Mobiele telefoon', 'Mobiel nummer', 'Mobiele nummer'],
    company_name: ['Bedrijf', 'Bedrijfsnaam', 'Organisatie', 'Werkgever'],
    job_title: ['Functie', 'Functietitel', 'Beroep'],
    tags: ['Labels', 'Categorieën', 'Groepen'],
    phone_country: ['Land', 'Land/Regio'],
  },
};

/**
 * Words a header may carry around a field's name without changing what it holds (`Email - Work`, `Email (home)`,
 * `Work Email`, `Phone (iPhone)`, `Telefon geschäftlich`, `Téléphone (domicile)`), written without accents.
 * Numbers are qualifiers too (`Email 2`, `Phone 1 - Value`).
 */
export const QUALIFIERS: ReadonlySet<string> = new Set([
  // en
  'work',
  'home',
  'personal',
  'private',
  'business',
  'office',
  'primary',
  'main',
  'other',
  'secondary',
  'alternate',
  'alternative',
  'alt',
  'mobile',
  'cell',
  'iphone',
  'icloud',
  'school',
  'direct',
  'default',
  'preferred',
  'value',
  'landline',
  'mailing',
  'postal',
  'billing',
  // de
  'geschaftlich',
  'privat',
  'dienstlich',
  'beruflich',
  'arbeit',
  'buro',
  'weitere',
  'weiteres',
  'weiterer',
  'andere',
  'anderes',
  'sonstige',
  'mobil',
  'zuhause',
  // fr
  'travail',
  'professionnel',
  'professionnelle',
  'pro',
  'personnel',
  'personnelle',
  'perso',
  'domicile',
  'bureau',
  'principal',
  'principale',
  'autre',
  'prive',
  'privee',
  // es, pt
  'trabajo',
  'laboral',
  'casa',
  'particular',
  'oficina',
  'otro',
  'otra',
  'movil',
  'trabalho',
  'pessoal',
  'residencial',
  'comercial',
  'outro',
  'outra',
  // it
  'lavoro',
  'ufficio',
  'personale',
  'privato',
  'principale',
  'altro',
  'altra',
  // nl
  'werk',
  'zakelijk',
  'thuis',
  'overig',
  'overige',
  'ander',
  'mobiel',
  'primair',
  // little words between a name and its qualifier (`Correo electrónico del trabajo`, `Telefono di casa`)
  'de',
  'del',
  'di',
  'da',
  'do',
  'du',
  'des',
  'op',
  'of',
]);

/**
 * A header holding one of these words is never matched through its qualifiers: fax, pager and company main-line
 * columns are numbers that do not reach the person (`Business Fax`, `Phone (work fax)`, `Company Main Phone`,
 * German `Telefon Firma`, `Fax geschäftlich`), and a label or type column names the kind of a value, not the value
 * (`E-mail 1 - Label`, `Phone 1 - Type`). None of them is a synonym either.
 */
export const BLOCKING_WORDS: ReadonlySet<string> = new Set([
  'fax',
  'telefax',
  'telecopie',
  'facsimile',
  'pager',
  'beeper',
  'piepser',
  'telex',
  'isdn',
  'callback',
  'ruckmeldung',
  'tty',
  'tdd',
  'radio',
  'car',
  'autotelefon',
  'assistant',
  'assistants',
  'asst',
  'assistent',
  'assistentin',
  'assistente',
  'switchboard',
  'zentrale',
  'standard',
  'centralita',
  'centralino',
  'label',
  'type',
  'kind',
  'typ',
  'yomi',
  'phonetic',
]);

/** Folds a header (or a spelling) to the key the vocabulary compares by: normalised, accents and `ß` folded. */
export function foldHeader(header: string): string {
  return normalizeHeader(foldAccents(header));
}

/** A header's words without accents, in lower case: `Téléphone (domicile)` → `telephone`, `domicile`. */
export function headerWords(header: string): string[] {
  return foldAccents(header)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss');
}

/** The header's words without its qualifiers, joined; undefined when a blocking word is among them. */
function qualifiedKey(header: string): string | undefined {
  const words = headerWords(header);
  if (words.some((word) => BLOCKING_WORDS.has(word))) return undefined;
  return words.filter((word) => !QUALIFIERS.has(word) && !/^\p{N}+$/u.test(word)).join('');
}

function spellingsByField(): [HeaderField, string][] {
  const pairs: [HeaderField, string][] = [];
  for (const language of HEADER_LANGUAGES) {
    for (const [field, spellings] of Object.entries(SYNONYMS[language]) as [
      HeaderField,
      readonly string[],
    ][]) {
      for (const spelling of spellings) pairs.push([field, spelling]);
    }
  }
  return pairs;
}

function buildSynonymIndex(): ReadonlyMap<string, HeaderField> {
  const index = new Map<string, HeaderField>();
  for (const [field, synonym] of spellingsByField()) {
    const key = foldHeader(synonym);
    const taken = index.get(key);
    // Fails at load rather than mapping a header to whichever field happened to come last.
    if (taken !== undefined && taken !== field) {
      throw new Error(`Header synonym "${synonym}" is listed for both ${taken} and ${field}`);
    }
    index.set(key, field);
  }
  return index;
}

/** Normalised synonym (see `foldHeader`) → the field it stands for. */
export const HEADER_SYNONYMS: ReadonlyMap<string, HeaderField> = buildSynonymIndex();

/**
 * The fields' own names and their synonyms by their words without qualifiers (`Home Phone` → `phone`). A key that
 * a spelling reaches only through qualifiers gives way to one that names it without any, and is dropped when two
 * fields reach it so.
 */
function buildQualifiedIndex(fields: readonly HeaderField[]): ReadonlyMap<string, HeaderField> {
  const plain = new Map<string, HeaderField>();
  const reduced = new Map<string, HeaderField | null>();
  const spellings: [HeaderField, string][] = [
    ...fields.map((field): [HeaderField, string] => [field, field]),
    ...spellingsByField().filter(([field]) => fields.includes(field)),
  ];
  for (const [field, spelling] of spellings) {
    const key = qualifiedKey(spelling);
    if (!key) continue;
    if (key === foldHeader(spelling)) plain.set(key, field);
    else reduced.set(key, reduced.has(key) && reduced.get(key) !== field ? null : field);
  }
  const index = new Map(plain);
  for (const [key, field] of reduced) {
    if (field !== null && !index.has(key)) index.set(key, field);
  }
  return index;
}

/**
 * The fields a header names among qualifiers: the ways to reach a person and the country of their number. Names,
 * company, title and tags are found by their names and synonyms only (`Additional Name` and `Preferred Name` are
 * no full name, `Company Address` no company).
 */
const QUALIFIED_FIELDS: readonly HeaderField[] = ['email', 'phone', PHONE_COUNTRY];

const QUALIFIED_INDEX = buildQualifiedIndex(QUALIFIED_FIELDS);

/** The raw synonym spellings per language and field, for documentation and tests. */
export const SYNONYMS_BY_LANGUAGE: Readonly<
  Record<HeaderLanguage, Readonly<Record<HeaderField, readonly string[]>>>
> = SYNONYMS;

/** The field a header is a synonym of (accents, case and punctuation aside), if any. */
export function findSynonymField(header: string): HeaderField | undefined {
  return HEADER_SYNONYMS.get(foldHeader(header));
}

/**
 * The field a header names among qualifiers (`Email - Work`, `Primary Phone`, `Phone (mobile)`,
 * `Mobile Phone Number`, `Telefon geschäftlich`), if any; never through a blocking word (`Business Fax`).
 */
export function findQualifiedField(header: string): HeaderField | undefined {
  const key = qualifiedKey(header);
  return key ? QUALIFIED_INDEX.get(key) : undefined;
}

/** What ends a prefix that every header of a row shares (Pipedrive's `Person - `, `Contact: `, `contact.`). */
export const PREFIX_SEPARATORS: readonly string[] = [' - ', ' – ', ' — ', ': ', '.'];
