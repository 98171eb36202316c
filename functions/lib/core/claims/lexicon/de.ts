import type { Lexicon } from './types.js';

/** German. */
export const de: Lexicon = {
  lang: 'de',
  cues: [
    {
      words:
        'laut|nach Angaben von|nach Angaben der|nach Angaben des|nach Angaben|Angaben von|Angaben der|Angaben des|unter Berufung auf|nach Informationen von|nach Informationen der|nach Informationen des|nach Darstellung von|nach Darstellung der|nach Darstellung des',
      side: 'after',
      role: 'speaker',
    },
    { words: 'zufolge', side: 'before', role: 'speaker' },
    // ", so der Sprecher": "so" after a comma, before an article or a name.
    { words: '(?<=,\\s*)so', side: 'after', role: 'speaker', accept: /^\s+(?:der|die|das|ein|eine|einer|\p{Lu})/u },
    {
      words:
        'sagte|sagten|sagt|sagen|erklärte|erklärten|erklärt|betonte|betonten|betont|teilte mit|teilten mit|bestätigte|bestätigten|bestätigt|warnte|warnten|behauptete|behauptet|behaupten|meinte|fügte hinzu|schrieb|schreibt|versicherte|kündigte an',
      side: 'both',
      role: 'speaker',
    },
    {
      words:
        'kommentiert|kommentierte|kritisierte|kritisiert|forderte|fordert|räumte ein|versprach|verspricht|warnt|mahnte|antwortete|ergänzte|twitterte|schreibt|erläuterte|sagte darin',
      side: 'both',
      role: 'speaker',
    },
    { words: 'berichtete|berichteten|berichtet|berichten|meldete|meldeten|meldet|melden', side: 'both', role: 'relay' },
    { words: 'in einem Interview mit|im Interview mit|in einem Gespräch mit', side: 'after', role: 'addressee' },
  ],
  stopAfter:
    'dass am im in auf bei vor seit mit über es sei seien habe hätten werde würden gegenüber zu zum zur ist sind war waren hat haben hatte hatten wird werden wurde wurden soll sollen kann können',
  stopBefore: 'dass und aber während weil obwohl wenn als wie denn',
  skip: 'am im auch zudem außerdem jedoch dann bereits hat haben hatte hatten wurde heute gestern es nun jetzt weiter montag dienstag mittwoch donnerstag freitag samstag sonntag abend morgen vormittag nachmittag',
  determiners: 'der die das den dem des ein eine einer einem eines einen',
  definite: 'der die das den dem des',
  pronouns: 'er sie',
  conjunctions: 'und',
  addressee: 'gegenüber',
  connectors: 'der des von vom',
  bodies:
    'ministerium rat kommission ausschuss verband institut universität partei agentur behörde amt büro dienst gesellschaft unternehmen konzern gruppe stiftung zentrum regierung verwaltung armee polizei bundeswehr union bund organisation netzwerk bank fonds föderation koalition allianz bewegung gericht',
  verbSecond: true,
  reportedSpeech: /(?<![\p{L}])(sei|seien|habe|hätten|werde|würden|könne|müsse|solle)(?![\p{L}])/iu,
  titles:
    'präsident präsidentin bundeskanzler kanzler kanzlerin minister ministerin außenminister außenministerin verteidigungsminister general bürgermeister gouverneur',
  honorifics: 'herr frau dr prof',
  roles: {
    spokesperson: { forms: ['sprecher', 'sprecherin', 'sprechers'] },
    source: { forms: ['quelle', 'quellen'] },
    official: { forms: ['beamter', 'beamte', 'beamten'] },
    representative: { forms: ['vertreter', 'vertreterin'] },
    leader: { forms: ['anführer', 'chef', 'chefin', 'leiter', 'leiterin', 'kommandeur', 'gründer'] },
    outlet: { forms: ['nachrichtenagentur', 'korrespondent', 'reporterin'] },
  },
  boilerplate: [
    /\b(?:ihr browser unterstützt (?:kein|dieses|das)|video kann nicht abgespielt werden)\b/iu,
    /\b(?:netiquette|kommentarrichtlinien|nutzungsbedingungen|datenschutzerklärung|kommentare werden moderiert)\b/iu,
    /\b(?:newsletter abonnieren|(?:wir verwenden|diese (?:website|seite) verwendet) cookies)\b/iu,
    /^(?:lesen sie (?:auch|mehr)\s*:?|mehr zum thema\s*:?|zum liveblog\b)/iu,
    /^\p{Lu}[\p{L}'’.-]+(?:\s+(?:de|da|del|van|von|al|el|bin)?\s*\p{Lu}[\p{L}'’.-]+){1,3}\s+(?:hat an diesem (?:bericht|artikel) mitgewirkt|ist (?:journalist(?:in)?|korrespondent(?:in)?|redakteur(?:in)?|autor(?:in)?|politikwissenschaftler(?:in)?))\b/u,
  ],
  credits: {
    labels: 'foto|fotos|fotografie|bild|bilder|bildquelle|bildrechte|quelle|grafik|illustration|video|screenshot',
    sources:
      'dpa|DPA|picture alliance|picture-alliance|imago|IMAGO|imago images|Keystone|KEYSTONE|APA|ddp|epd|KNA|Hersteller|Pixabay|Unsplash',
    joins: 'für von den der die das und via mit',
    prefixes: 'bildunterschrift|bildtext',
  },
};
