import type { Lexicon } from './types.js';

/** French. */
export const fr: Lexicon = {
  lang: 'fr',
  cues: [
    { words: "selon|d'après|d’après|de l'avis de|de source", side: 'after', role: 'speaker' },
    { words: 'citant|cité par', side: 'after', role: 'speaker' },
    {
      words:
        'a déclaré|ont déclaré|a dit|ont dit|a affirmé|ont affirmé|a indiqué|ont indiqué|a précisé|ont précisé|a expliqué|a assuré|ont assuré|a annoncé|ont annoncé|a confirmé|a ajouté|a souligné|a estimé|a raconté|a confié|a démenti|a averti|avait déclaré|avait indiqué|avait annoncé|avait affirmé|avait dit|déclare|affirme|affirment|indique|indiquent|explique|assure|précise|estime|annonce|confirme|ajoute|souligne|dit|disent',
      side: 'both',
      role: 'speaker',
    },
    {
      words:
        'a-t-il déclaré|a-t-elle déclaré|a-t-il dit|a-t-elle dit|a-t-il affirmé|a-t-elle affirmé|a-t-il ajouté|a-t-elle ajouté|a-t-il précisé|a-t-elle précisé|a-t-il expliqué|a-t-elle expliqué|ont-ils déclaré|ont-ils dit|déclare-t-il|déclare-t-elle|explique-t-il|explique-t-elle|ajoute-t-il|ajoute-t-elle|selon lui|selon elle|selon eux',
      side: 'after',
      role: 'speaker',
    },
    {
      words:
        'a critiqué|critique|a soulevé|soulève|a considéré|considère|a fait part|a reconnu|a promis|a dénoncé|dénonce|a condamné|a réagi|a répondu|a rappelé|rappelle|a insisté|a martelé|a prévenu|a jugé|juge|a plaidé|a regretté|regrette|a accusé|a fait savoir|a tweeté',
      side: 'both',
      role: 'speaker',
    },
    { words: 'a rapporté|ont rapporté|rapporte|rapportent|a annoncé|rapportait', side: 'both', role: 'relay' },
    {
      words:
        'dans un entretien avec|dans un entretien à|dans une interview à|dans un entretien accordé à|dans une interview accordée à|interrogé par|interrogée par',
      side: 'after',
      role: 'addressee',
    },
  ],
  stopAfter: 'que qui dont lors dans en sur après avant mardi lundi mercredi jeudi vendredi samedi dimanche ce cette cet ces pour par',
  stopBefore: 'que qui dont et mais alors tandis car lorsque quand si comme',
  skip: "aussi également encore déjà ensuite enfin lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd’hui aujourd'hui soir matin ainsi pourtant toutefois",
  determiners: "le la les l l' l’ un une des du de d d' d’ ce cette son sa ses leur leurs",
  definite: "le la les l l' l’",
  pronouns: 'il elle ils elles lui eux a-t-il a-t-elle ont-ils ont-elles',
  conjunctions: 'et',
  relative: 'qui',
  addressee: 'à au aux',
  connectors: "du de des d' d’ la le les",
  bodies:
    'ministère conseil commission comité association institut université parti agence autorité office bureau service société groupe fondation centre gouvernement administration armée police union ligue organisation réseau banque fonds fédération coalition alliance mouvement tribunal cour',
  titles: 'président présidente ministre général maire gouverneur chancelier premier',
  honorifics: 'm mme mlle dr',
  roles: {
    spokesperson: { forms: ['porte-parole'] },
    official: { forms: ['responsable', 'responsables'] },
    representative: { forms: ['représentant', 'représentants'] },
    leader: { forms: ['chef', 'dirigeant', 'dirigeants', 'leader', 'commandant', 'fondateur', 'directeur', 'directrice'] },
    outlet: { forms: ['journaliste', 'journalistes', 'correspondant', 'agence'] },
  },
  boilerplate: [
    /\b(?:votre navigateur ne (?:supporte|prend) pas|lecture de la vidéo impossible)\b/iu,
    /\b(?:charte (?:de modération|des commentaires)|conditions générales d['’]utilisation|politique de confidentialité|les commentaires sont modérés)\b/iu,
    /\b(?:inscrivez-vous à (?:notre|la) newsletter|abonnez-vous à (?:notre|la) newsletter|(?:nous utilisons|ce site utilise) des cookies)\b/iu,
    /^(?:lire(?: aussi| la suite)?\s*:|revivez\b|suivez (?:notre|le) direct\b|voir aussi\s*:)/iu,
    /^\p{Lu}[\p{L}'’.-]+(?:\s+(?:de|da|del|van|von|al|el|bin)?\s*\p{Lu}[\p{L}'’.-]+){1,3}\s+(?:a contribué à cet article|est (?:journaliste|correspondante?|rédact(?:eur|rice)|chroniqueu(?:r|se)|politologue|chercheu(?:r|se)|éditorialiste))\b/u,
  ],
  credits: {
    labels:
      "photo|photos|photographie|crédit|crédits|crédit photo|crédits photo|illustration|image|images|vidéo|infographie|capture d’écran|capture d'écran",
    sources: 'AFP|Sipa|SIPA|Hans Lucas|Divergence|Maxppp|MaxPPP|Abaca|ABACA|Belga|Le Monde|Libération|Archives',
    joins: 'pour par de du des la le les et via',
    prefixes: 'légende',
  },
};
