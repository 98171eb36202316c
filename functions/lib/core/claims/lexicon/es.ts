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
    { words: 'informó|informaron|informa|reportó|reporta|publicó', side: 'both', role: 'relay' },
  ],
  stopAfter: 'que en durante tras ante este esta este por para con sobre el',
  stopBefore: 'que y pero mientras aunque porque cuando si',
  skip: 'también además ya luego hoy ayer lunes martes miércoles jueves viernes sábado domingo ha han había',
  determiners: 'el la los las un una unos unas del al lo su sus',
  definite: 'el la los las del al',
  pronouns: 'él ella ellos ellas',
  conjunctions: 'y',
  relative: 'quien quienes',
  addressee: 'a al',
  connectors: 'del de la',
  roles: {
    spokesperson: { forms: ['portavoz', 'portavoces', 'vocero', 'vocera'] },
    source: { forms: ['fuente', 'fuentes'] },
    official: { forms: ['funcionario', 'funcionarios', 'funcionaria'] },
    representative: { forms: ['representante', 'representantes'] },
    outlet: { forms: ['periodista', 'periodistas', 'corresponsal', 'agencia'] },
  },
};
