import type { Lexicon } from './types.js';

/** Icelandic. */
export const is: Lexicon = {
  lang: 'is',
  cues: [
    {
      words: 'hefur eftir|hafa eftir|hafði eftir|höfðu eftir|hefðu eftir|hafi eftir|haft eftir|hefði eftir',
      side: 'before',
      role: 'relay',
      second: { side: 'after', role: 'speaker' },
    },
    { words: 'að sögn|samkvæmt|að mati|að því er fram kemur hjá|að því er fram kemur í', side: 'after', role: 'speaker' },
    {
      words:
        'segir|sagði|segja|sögðu|segist|sagðist|segjast|sögðust|fullyrðir|fullyrti|fullyrða|staðfestir|staðfesti|tilkynnti|tilkynnir|bætti við|bætir við|heldur fram|hélt fram|varar við|varaði við',
      side: 'both',
      role: 'speaker',
    },
    {
      words: 'benti á|bendir á|útskýrði|útskýrir|lagði áherslu á|viðurkenndi|lofaði|hvatti|gagnrýndi|svaraði|skrifaði|skrifar|tísti',
      side: 'both',
      role: 'speaker',
    },
    { words: 'greinir frá|greindi frá|greina frá|greindu frá|hermir|hermdi|greinir|greindi', side: 'both', role: 'relay' },
    { words: 'í viðtali við|í samtali við', side: 'after', role: 'addressee' },
  ],
  stopAfter:
    'að sem um í á við þegar því þar og en frá til með hafi sé séu hefði væri er eru var voru hefur hafa hafði höfðu verður verða varð urðu mun munu féll féllu',
  stopBefore: 'að sem en því þegar ef hvort',
  skip: `þá nú einnig enn jafnframt ennfremur þó líka hefur hafa hafði höfðu hafi mun muni myndi gær í dag morgun
    fyrr síðar áður svo hins vegar meðal annars m.a. t.d. þannig ekki enda auk þess reyndar raunar`,
  determiners: 'hinn hin hið',
  definite: 'hinn hin hið',
  pronouns: 'hann hún það þeir þær þau',
  conjunctions: 'og',
  relative: 'sem',
  addressee: 'við',
  connectors: '',
  bodies:
    'ráðuneyti ráðuneytið ráð nefnd samtök stofnun háskóli flokkur stofa embætti fyrirtæki félag sjóður ríkisstjórn her lögregla samband dómstóll',
  verbSecond: true,
  genitiveRole: true,
  reportedSpeech: /(?<![\p{L}])(hafi|sé|séu|hefðu|væri|væru|myndi|myndu|muni|geti|verði)(?![\p{L}])/iu,
  titles: 'forseti forsætisráðherra ráðherra utanríkisráðherra borgarstjóri hershöfðingi',
  honorifics: '',
  roles: {
    spokesperson: {
      forms: ['talsmaður', 'talsmann', 'talsmanni', 'talsmanns', 'talsmenn', 'talsmönnum', 'talsmanna', 'talskona', 'talskonu'],
      definite: ['talsmaðurinn', 'talsmanninn', 'talsmanninum', 'talsmannsins', 'talsmennirnir', 'talskonan', 'talskonunni'],
    },
    source: {
      forms: [
        'heimildarmaður',
        'heimildarmann',
        'heimildarmanni',
        'heimildarmanns',
        'heimildarmenn',
        'heimildarmönnum',
        'heimildarmanna',
        'heimild',
        'heimildir',
        'heimildum',
        'heimilda',
      ],
      definite: ['heimildarmaðurinn', 'heimildarmanninum', 'heimildarmanninn', 'heimildarmannsins'],
    },
    official: {
      forms: ['embættismaður', 'embættismanni', 'embættismenn', 'embættismönnum', 'embættismanna'],
      definite: ['embættismaðurinn'],
    },
    representative: {
      forms: [
        'fulltrúi',
        'fulltrúa',
        'fulltrúar',
        'fulltrúum',
        'forsvarsmaður',
        'forsvarsmann',
        'forsvarsmanni',
        'forsvarsmenn',
        'forsvarsmönnum',
        'forsvarsmanna',
      ],
      definite: ['fulltrúinn', 'forsvarsmaðurinn', 'forsvarsmennirnir'],
    },
    leader: { forms: ['leiðtogi', 'leiðtoga', 'foringi', 'foringja', 'formaður', 'formanni', 'formanns'] },
    outlet: {
      forms: [
        'blaðamaður',
        'blaðamenn',
        'blaðamönnum',
        'blaðamanna',
        'blaðamanni',
        'fréttamaður',
        'fréttamenn',
        'fréttamönnum',
        'fréttaritari',
        'fréttaveita',
        'fréttaveitunni',
        'fréttaveitunnar',
        'fréttaveitu',
        'fréttastofa',
        'fréttastofunni',
        'fréttastofunnar',
        'fréttastofu',
      ],
      definite: ['blaðamaðurinn', 'fréttaveitan', 'fréttastofan'],
    },
  },
  boilerplate: [
    /(?:vafrinn þinn styður ekki|ekki er hægt að spila myndbandið)/iu,
    /(?:reglur um athugasemdir|notkunarskilmál|persónuverndarstefn)/iu,
    /(?:skráðu þig á póstlista|fréttabréf|vafrakökur)/iu,
    /^(?:lestu (?:einnig|meira)\s*:?|sjá (?:einnig|líka)\s*:?)/iu,
    /^\p{Lu}[\p{L}'’.-]+(?:\s+(?:de|da|del|van|von|al|el|bin)?\s*\p{Lu}[\p{L}'’.-]+){1,3}\s+(?:er (?:blaðamaður|fréttamaður|fréttaritari|dálkahöfundur))(?![\p{L}])/u,
  ],
  credits: {
    labels: 'mynd|myndir|ljósmynd|ljósmyndir|ljósm|ljósmyndari|skjáskot|myndskeið|myndband|teikning',
    sources: 'RÚV|Morgunblaðið|mbl.is|Vísir|Ríkisútvarpið|Heimildin|Aðsend',
    joins: 'fyrir og frá af',
    prefixes: 'myndatexti',
  },
};
