import type { Lexicon } from './types.js';

/** Spanish. */
export const es: Lexicon = {
  lang: 'es',
  cues: [
    { words: 'según|de acuerdo con|de acuerdo a|conforme a', side: 'after', role: 'speaker' },
    { words: 'citando a|citando|citado por', side: 'after', role: 'speaker' },
    {
      words:
        'dijo|dijeron|afirmó|afirmaron|declaró|declararon|aseguró|aseguraron|señaló|señalaron|indicó|indicaron|explicó|explicaron|añadió|agregó|sostuvo|anunció|confirmó|advirtió|denunció|dice|dicen|afirma|afirman|asegura|aseguran|señala|indica|explica|ha dicho|han dicho|ha afirmado|ha asegurado|ha declarado',
      side: 'both',
      role: 'speaker',
    },
    {
      words:
        'criticó|reconoció|prometió|subrayó|destacó|insistió|respondió|comentó|recordó|exigió|pidió|lamentó|precisó|apuntó|detalló|manifestó|expresó|opinó|consideró|estimó|sostuvo|escribió|tuiteó|definía|definió',
      side: 'both',
      role: 'speaker',
    },
    { words: 'informó|informaron|informa|reportó|reporta|publicó', side: 'both', role: 'relay' },
    { words: 'en una entrevista con|en entrevista con|en declaraciones a', side: 'after', role: 'addressee' },
  ],
  stopAfter: 'que en durante tras ante este esta por para con sobre',
  stopBefore: 'que y pero mientras aunque porque cuando si',
  skip: 'también además ya luego hoy ayer lunes martes miércoles jueves viernes sábado domingo ha han había',
  determiners: 'el la los las un una unos unas del al lo su sus',
  definite: 'el la los las del al',
  pronouns: 'él ella ellos ellas',
  conjunctions: 'y',
  relative: 'quien quienes',
  addressee: 'a al',
  dropsSubject: true,
  connectors: 'del de la',
  bodies:
    'ministerio consejo comisión comité asociación instituto universidad partido agencia autoridad oficina servicio sociedad compañía empresa grupo fundación centro gobierno administración ejército policía unión liga organización red banco fondo federación coalición alianza movimiento tribunal corte',
  titles: 'presidente presidenta ministro ministra canciller general alcalde alcaldesa gobernador gobernadora',
  honorifics: 'sr sra don doña dr dra',
  roles: {
    spokesperson: { forms: ['portavoz', 'portavoces', 'vocero', 'vocera'] },
    source: { forms: ['fuente', 'fuentes'] },
    official: { forms: ['funcionario', 'funcionarios', 'funcionaria'] },
    representative: { forms: ['representante', 'representantes'] },
    leader: { forms: ['líder', 'líderes', 'jefe', 'jefa', 'dirigente', 'comandante', 'fundador', 'director', 'directora'] },
    outlet: { forms: ['periodista', 'periodistas', 'corresponsal', 'agencia'] },
  },
  boilerplate: [
    /\b(?:tu navegador no (?:soporta|admite)|este vídeo no (?:está disponible|se puede reproducir))\b/iu,
    /\b(?:normas de (?:participación|la comunidad)|términos (?:y condiciones )?de uso|política de privacidad|los comentarios (?:son|serán) moderados)\b/iu,
    /\b(?:suscríbete a (?:nuestro|nuestra) (?:boletín|newsletter)|(?:utilizamos|este sitio (?:web )?utiliza) cookies)\b/iu,
    /^(?:lea también\s*:?|leer más\s*:?|ver también\s*:?|sigue (?:nuestro|el) directo\b)/iu,
    /^\p{Lu}[\p{L}'’.-]+(?:\s+(?:de|da|del|van|von|al|el|bin)?\s*\p{Lu}[\p{L}'’.-]+){1,3}\s+(?:colaboró (?:con|en) (?:este|esta) (?:informe|nota)|es (?:periodista|corresponsal|polit[óo]log[oa]|investigador(?:a)?|editor(?:a)?|redactor(?:a)?|columnista|analista|escritor(?:a)?|abogad[oa]|profesor(?:a)?|economista))\b/u,
  ],
  credits: {
    labels:
      'foto|fotos|fotografía|fotografías|imagen|imágenes|crédito|créditos|vídeo|video|ilustración|fotoilustración|fotoilustraciones|infografía|captura',
    sources: 'EFE|Europa Press|Cuartoscuro|Notimex|Télam|Agencia EFE|Archivo',
    joins: 'para por de del la el los las y vía via',
    prefixes: 'pie de foto|leyenda',
  },
};
