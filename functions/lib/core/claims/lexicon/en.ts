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
    { words: 'said|says|say|stated|added|warned|wrote|tweeted|insisted|explained|argued|asserted', side: 'both', role: 'speaker' },
    {
      words: 'claimed|claims|announced|confirmed|posted|alleged|noted|acknowledged|estimated|declared|maintained|denied',
      side: 'both',
      role: 'speaker',
      followedBy: VERB_CONTEXT,
    },
    { words: 'reported|reports|reporting', side: 'both', role: 'relay', followedBy: VERB_CONTEXT },
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
  generic: 'reporters journalists media press reporter journalist the it this people',
  passive: { before: /(?:^|\s)(is|are|was|were|be|been|being)\s+$/i, after: /^\s+to\s/i },
  titles:
    'president governor gov mayor senator sen rep minister secretary chancellor general gen judge justice rabbi ambassador commander chairman chairwoman chief sheriff attorney',
  honorifics: 'mr mrs ms dr prof sir',
  roles: {
    spokesperson: { forms: ['spokesperson', 'spokesman', 'spokeswoman', 'spokespeople', 'spokesmen', 'spokeswomen'] },
    source: { forms: ['source', 'sources'] },
    official: { forms: ['official', 'officials'] },
    representative: { forms: ['representative', 'representatives'] },
    leader: { forms: ['leader', 'leaders', 'head', 'chief', 'commander', 'founder', 'chairman', 'chairwoman', 'director'] },
    outlet: { forms: ['reporter', 'reporters', 'journalist', 'journalists', 'correspondent', 'correspondents', 'agency', 'news'] },
  },
};
