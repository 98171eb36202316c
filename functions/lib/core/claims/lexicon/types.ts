/**
 * The data of one language for claim extraction: attribution cues, the words around them, and role
 * words. Each supported language is one module beside this one (`en.ts`, `is.ts`, …), registered in
 * `index.ts`; the algorithm (`../attribution.ts`) holds no words of its own.
 *
 * Word lists are strings of space-separated words, matched on the bare lower-case word.
 */

/** Where the name sits relative to a cue. */
type CueSide = 'before' | 'after' | 'both';
/** A speaker says it; a relay reports it (an outlet, a newspaper); an addressee is told it. */
export type CueRole = 'speaker' | 'relay' | 'addressee';

export interface CueEntry {
  /** Alternatives separated by `|`; a space matches any whitespace; matched as whole words, ignoring case. */
  words: string;
  side: CueSide;
  role: CueRole;
  /** A second name on the other side ("X hefur eftir Y": X relays, Y speaks; "X told Y"). */
  second?: { side: 'before' | 'after'; role: CueRole };
  /** A lookahead (regular-expression source) the text after the cue must match. */
  followedBy?: string;
  /** A case-sensitive test on the text after the cue (cue patterns are case-insensitive). */
  accept?: RegExp;
}

/** Word forms of one role, in this language. */
interface RoleForms {
  forms: string[];
  /** Forms that carry a definite article (Icelandic suffix, Arabic al-): they refer back. */
  definite?: string[];
}

/** Roles a speaker may be named by; `outlet` words (reporter, agency) collapse to the outlet. */
export type RoleName = 'spokesperson' | 'source' | 'official' | 'representative' | 'leader' | 'outlet';

export interface Lexicon {
  /** ISO 639-1 code. */
  lang: string;
  cues: CueEntry[];
  /** Words that end a name read after a cue. */
  stopAfter: string;
  /** Words that end a name read backwards from a cue. */
  stopBefore: string;
  /** Adverbs, auxiliaries and time words trimmed from either end of a name. */
  skip: string;
  determiners: string;
  /** Determiners that make a role word refer back ("the spokesman"). */
  definite: string;
  /** Subject pronouns: resolved to the nearest preceding named speaker. */
  pronouns: string;
  conjunctions: string;
  /** Relative pronouns: a name read backwards that reaches one is inside a relative clause. */
  relative?: string;
  /** Words that introduce an addressee after a speech verb ("à l'AFP", "a Reuters", "gegenüber Reuters"). */
  addressee: string;
  /** Words that join a role to its organisation ("spokesman for", "porte-parole du", "المتحدث باسم"). */
  connectors: string;
  /** Titles before a person's name, lower case: they become the role ("governor", "ministre", "forseti"). */
  titles?: string;
  /** Honorifics before a name, dropped from it ("mr", "dr", "mme", "herr"). */
  honorifics?: string;
  /** Words that alone name nobody in particular ("reporters", "the media"). */
  generic?: string;
  /**
   * Capitalised words that make a name a body's, not a person's ("Department of Conservation",
   * "Coresight Research", "Ministerio del Ambiente"): such a speaker is the organisation.
   */
  bodies?: string;
  /**
   * Documents that speak for their authors: "a report by the X Center … found", then "the report
   * concluded" is the X Center's. `nouns` name documents, `verbs` what they do (regular-expression
   * alternatives).
   */
  documents?: { nouns: string; verbs: string };
  /** A cue that is really a passive ("is said to"): tests on the text before and after the cue. */
  passive?: { before?: RegExp; after?: RegExp };
  /** Verb-second languages: "Í gær sagði talsmaðurinn" puts the speaker after the verb. */
  verbSecond?: boolean;
  /** Subjunctive forms that continue reported speech from the sentence before. */
  reportedSpeech?: RegExp;
  /** Speech verbs that may drop their subject (Arabic "وقال إن…": he said that…). */
  dropsSubject?: boolean;
  /** The organisation of a role follows it without a preposition (Icelandic genitive "talsmanni HTS"). */
  genitiveRole?: boolean;
  roles: Partial<Record<RoleName, RoleForms>>;
  /**
   * Page furniture that must never become a claim, tested on each sentence: media-player notices,
   * comment and community rules, newsletter and cookie prompts, "read also" links, live-blog promotions,
   * author bios and credits.
   */
  boilerplate: RegExp[];
  /** How a caption credits its picture: the credit is never part of the caption's claim. */
  credits: CreditForms;
}

/**
 * The forms of a picture credit in captions: a label and a name ("Photo: Reuters", "Mynd: AP / Nafn",
 * "Crédit : AFP", "(AP Photo/Name)", "CreditName" where markup ran the two together), a source named
 * alone ("… 2024. REUTERS/Name", "(Reuters)"), and words that open a caption without being part of it.
 */
interface CreditForms {
  /** Words that label a credit, as `|`-separated alternatives ("photo|photograph|credit"); matched ignoring case. */
  labels: string;
  /** Agencies and picture libraries credited by name alone, `|`-separated, matched as written ("Getty Images|EPA"). */
  sources?: string;
  /** Lower-case words that may join the names of a credit ("for the Guardian", "para The New York Times"). */
  joins?: string;
  /** Words that open a caption and are no part of it, `|`-separated ("image caption|main image"); one word only before a colon ("légende :"). */
  prefixes?: string;
}
