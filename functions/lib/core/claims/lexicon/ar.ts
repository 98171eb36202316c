import type { Lexicon } from './types.js';

/** Arabic. Verbs take the conjunctions و and ف as prefixes; the subject follows the verb or is dropped. */
export const ar: Lexicon = {
  lang: 'ar',
  cues: [
    {
      words:
        '[وف]?(?:قال|قالت|أكد|أكدت|اكد|اكدت|أضاف|أضافت|اضاف|اضافت|أعلن|أعلنت|اعلن|اعلنت|صرح|صرحت|أوضح|أوضحت|اوضح|زعم|زعمت|نفى|نفت|أشار|أشارت)',
      side: 'after',
      role: 'speaker',
    },
    {
      words: '[وف]?(?:شدد|شددت|دعا|دعت|لفت|لفتت|اعتبر|اعتبرت|رأى|طالب|طالبت|حذر|حذرت|أعرب|أعربت|تابع|تابعت|أكد|أكدت)',
      side: 'after',
      role: 'speaker',
    },
    { words: '[وف]?(?:أفاد|أفادت|افاد|افادت|ذكر|ذكرت|نقل|نقلت|أوردت|أورد)', side: 'after', role: 'relay' },
    { words: '[وف]?(?:بحسب|حسب)', side: 'after', role: 'speaker' },
    { words: 'وفقا|وفقاً|طبقا|طبقاً', side: 'after', role: 'speaker' },
    { words: '(?:نقلا|نقلاً)\\s+عن', side: 'after', role: 'speaker' },
    // "نقل … عن X": the one quoted after عن.
    { words: '(?<=(?:نقل|نقلت)\\s[^،.]{1,80}?)عن', side: 'after', role: 'speaker' },
    { words: 'في مقابلة مع|في حديث لـ|في تصريح لـ|في حديث مع', side: 'after', role: 'addressee' },
    // An interview's headline: "الناشط … لـ«الصحيفة»: …" (Name to the paper: …).
    { words: 'لـ|ل', side: 'before', role: 'speaker', followedBy: '\\s*[«"“][^»"”]{1,40}[»"”]\\s*:' },
  ],
  stopAfter: 'إن ان أن بأن على إلى الى الذي التي الذين يوم اليوم أمس خلال عبر بعد قبل حول عن',
  stopBefore: 'و',
  skip: 'أيضا أيضاً كما لـ ل',
  determiners: '',
  definite: '',
  pronouns: 'هو هي هم',
  conjunctions: 'و',
  addressee: '',
  connectors: 'باسم عن في',
  bodies:
    'وزارة مجلس لجنة جمعية معهد جامعة حزب وكالة هيئة مكتب شركة مجموعة مؤسسة مركز حكومة جيش شرطة اتحاد منظمة شبكة بنك صندوق ائتلاف تحالف حركة محكمة المرصد',
  dropsSubject: true,
  titles: 'الرئيس الوزير رئيس وزير الأمين الجنرال الشيخ العقيد اللواء',
  honorifics: '',
  roles: {
    spokesperson: { forms: ['متحدث', 'متحدثة', 'ناطق', 'ناطقة'], definite: ['المتحدث', 'المتحدثة', 'الناطق'] },
    source: { forms: ['مصدر', 'مصادر'], definite: ['المصدر', 'المصادر'] },
    official: { forms: ['مسؤول', 'مسؤولون', 'مسؤولين', 'مسئول'], definite: ['المسؤول'] },
    representative: { forms: ['ممثل'] },
    leader: { forms: ['زعيم', 'قائد', 'رئيس'] },
    outlet: { forms: ['مراسل', 'وكالة', 'لوكالة'], definite: ['الوكالة'] },
  },
  boilerplate: [
    /(?:متصفحك لا يدعم|لا يمكن تشغيل (?:هذا )?الفيديو)/u,
    /(?:إرشادات الاستخدام|سياسة الخصوصية|شروط (?:ال)?استخدام|مراجعة التعليقات|لا تعبر عن رأي|بالنقاش الحيوي)/u,
    /(?:اشترك في (?:ال)?نشرة|ملفات تعريف الارتباط)/u,
    /^(?:اقرأ أيضا|اقرأ أيضاً|اقرأ المزيد)/u,
  ],
};
