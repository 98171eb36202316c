import type { Lexicon } from './types.js';

const WEEKDAYS = 'monday tuesday wednesday thursday friday saturday sunday';

/**
 * Verbs that are also adjectives ("confirmed cases", "the death toll announced in…") count as cues only
 * before "that", a pronoun, a time word, "citing", punctuation or the end of the sentence.
 */
const VERB_CONTEXT = `\\s+(?:that|it|they|he|she|on|late|earlier|today|yesterday|citing|${WEEKDAYS.replace(/ /g, '|')})(?![\\p{L}])|\\s*[,.:;"“”]|\\s*$`;

/** English. */
export const en: Lexicon = {
  lang: 'en',
  cues: [
    { words: 'according to', side: 'after', role: 'speaker' },
    { words: 'citing', side: 'after', role: 'speaker' },
    { words: 'quoted', side: 'before', role: 'relay', second: { side: 'after', role: 'speaker' } },
    { words: 'reported by|as reported by', side: 'after', role: 'relay' },
    { words: 'told', side: 'before', role: 'speaker', second: { side: 'after', role: 'addressee' } },
    {
      words:
        'said|says|say|stated|added|warned|wrote|tweeted|insisted|explained|argued|asserted|vowed|pledged|urged|condemned|touted|apologized|apologised|replied|conceded|cautioned|emphasized|emphasised|remarked|responded|testified|complained|recalled|told reporters',
      side: 'both',
      role: 'speaker',
    },
    {
      words:
        'claimed|claims|announced|confirmed|posted|alleged|noted|acknowledged|estimated|declared|maintained|denied|admitted|admits|indicated|predicted|promised|observed|stressed|answered|commented|suggested',
      side: 'both',
      role: 'speaker',
      followedBy: VERB_CONTEXT,
    },
    { words: 'reported|reports|reporting', side: 'both', role: 'relay', followedBy: VERB_CONTEXT },
    // Reporting verbs that take an object: "accused the parliament of", "described the address as".
    { words: 'accused|accuses|hailed|hails|wonders|wondered|expressed concern|expressed hope', side: 'before', role: 'speaker' },
    {
      words: 'described|describes',
      side: 'before',
      role: 'speaker',
      followedBy: '\\s+(?:it|him|her|them|this|that|the|his|her|their|its|a|an)\\s[^.]{0,80}?\\bas\\b',
    },
    {
      words: 'in an interview with|in an interview on|in an interview to|speaking to|speaking with|interviewed by',
      side: 'after',
      role: 'addressee',
    },
  ],
  stopAfter: 'that on in at as who which when while after before because if during from to with this these by late early earlier',
  stopBefore: 'that and but while as which who because although though if when where so',
  skip: `also later earlier previously recently has have had was were is are will would could may might then now had've
    yesterday today tonight on in last this week ${WEEKDAYS}`,
  determiners: 'the a an its his her their our one two three some several another',
  definite: 'the its his her their',
  pronouns: 'he she it they',
  conjunctions: 'and',
  relative: 'who which',
  addressee: '',
  connectors: 'for of from at with the',
  bodies:
    'department ministry council commission committee association institution institute university college party agency authority office bureau service services company corporation corp inc ltd group foundation center centre research court government administration army police forces navy union league organisation organization network bank fund trust society federation coalition alliance movement board',
  generic: 'reporters journalists media press reporter journalist the it this people',
  passive: { before: /(?:^|\s)(is|are|was|were|be|been|being)\s+$/i, after: /^\s+to\s+(?:be|have)\s/i },
  documents: {
    nouns: 'report|study|survey|analysis|paper|review|audit|poll|assessment',
    verbs:
      'found|finds|concluded|concludes|suggested|suggests|assessed|assesses|determined|determines|showed|shows|states|stated|said|says|estimated|estimates|noted|notes|warned|warns|calls|called|recommended|recommends|argued|argues|revealed|reveals',
  },
  titles:
    'president governor gov mayor senator sen rep minister secretary chancellor general gen judge justice rabbi ambassador commander chairman chairwoman chief sheriff attorney nominee candidate professor analyst founder director',
  honorifics: 'mr mrs ms dr prof sir',
  roles: {
    spokesperson: { forms: ['spokesperson', 'spokesman', 'spokeswoman', 'spokespeople', 'spokesmen', 'spokeswomen'] },
    source: { forms: ['source', 'sources'] },
    official: { forms: ['official', 'officials'] },
    representative: { forms: ['representative', 'representatives'] },
    leader: { forms: ['leader', 'leaders', 'head', 'chief', 'commander', 'founder', 'chairman', 'chairwoman', 'director'] },
    outlet: { forms: ['reporter', 'reporters', 'journalist', 'journalists', 'correspondent', 'correspondents', 'agency', 'news'] },
  },
  boilerplate: [
    /\b(?:media playback is (?:unsupported|not supported)|your (?:browser|device) (?:does not|doesn't) support|this video (?:is unavailable|can ?not be played)|to (?:view|play) this video,? please enable)\b/iu,
    /\b(?:comments? (?:policy|guidelines|are moderated|section)|community (?:guidelines|standards|rules)|terms of (?:use|service)|privacy policy|house rules)\b/iu,
    /\b(?:sign up (?:for|to) (?:our|the) \S+ ?newsletter|subscribe to (?:our|the) newsletter|(?:we|this (?:site|website)) uses? cookies|accept (?:all )?cookies)\b/iu,
    /^(?:\[[^\]]+\]|read(?: more)?\s*:|continue reading\b|(?:follow|watch) (?:our|the) live\b|listen to (?:this|the) (?:article|story))/iu,
    /^(?:\d{1,2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?\s*)?(?:[A-Z]{2,4}\s+)?(?:[Uu]pdated\b|UPDATED\b|[Uu]pdate\s*:|UPDATE\s*:|[Ee]ditor['’]?s note\b)/u,
    /^\p{Lu}[\p{L}'’.-]+(?:\s+(?:de|da|del|van|von|al|el|bin)?\s*\p{Lu}[\p{L}'’.-]+){1,3}\s+(?:contributed (?:to )?(?:this )?(?:report|reporting|story)|reported from|covers\s|writes about\s|is (?:an?|the) [^.]{0,60}?\b(?:[Cc]orrespondent|[Rr]eporter|[Ee]ditor|[Pp]roducer|[Cc]ontributor|[Ww]riter|[Jj]ournalist|[Cc]olumnist)\b)/u,
  ],
  credits: {
    labels:
      'photo|photos|photograph|photographs|photography|photographer|picture|pictures|pic|image|images|video|credit|credits|illustration|photo illustration|photo credit|image credit|image copyright|image source|photo courtesy|courtesy|courtesy of|file photo|ap photo|afp photo|reuters photo|pool photo|©',
    sources:
      'Reuters|REUTERS|AP|AFP|Getty Images|Getty|EPA|EPA-EFE|Shutterstock|Alamy|PA|PA Images|PA Wire|Bloomberg|Xinhua|Anadolu Agency|Sipa|Sipa USA|Pool|Handout|NurPhoto|SOPA Images|LightRocket|ZUMA Press|Zuma Wire|Rex Features|iStock|iStockphoto|Corbis|Associated Press|Agence France-Presse',
    joins: 'for the by via and of at from',
    prefixes: 'image caption|media caption|video caption|main image|top image|caption',
  },
};
