import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import type { Place } from '../../../functions/lib/core/claims/types.js';
import { findPagePlaces, findPlaces, guessCountry } from '../../../functions/lib/core/places/gazetteer.js';

const seed = readFileSync(new URL('./fixtures/article-is-2024-12-03.txt', import.meta.url), 'utf8');

const TRUTH: Record<string, [lat: number, lon: number]> = {
  Hama: [35.13, 36.75],
  Homs: [34.73, 36.72],
  Aleppo: [36.2, 37.16],
  Damascus: [33.51, 36.29],
};

function kmBetween(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const dLat = (b[0] - a[0]) * rad;
  const dLon = (b[1] - a[1]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * rad) * Math.cos(b[0] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function names(places: Place[]): string[] {
  return places.map((p) => p.name);
}

function find(name: string, places: Place[]): Place {
  const place = places.find((p) => p.name === name);
  if (!place) throw new Error(`${name} not among ${names(places).join(', ')}`);
  return place;
}

describe('findPlaces on the Icelandic seed article', () => {
  it('finds the Syrian cities and the countries, inflected forms included', () => {
    const places = findPlaces(seed, 'is');

    expect(names(places)).toEqual(expect.arrayContaining(['Hama', 'Homs', 'Aleppo', 'Damascus', 'Syria', 'Iraq', 'Iran', 'Turkey']));
  });

  it('places each city within 50 km of its true position', () => {
    const places = findPlaces(seed, 'is');

    for (const [name, truth] of Object.entries(TRUTH)) {
      const place = find(name, places);
      expect(kmBetween([place.lat, place.lon], truth), name).toBeLessThan(50);
    }
  });

  it('finds nothing outside Syria and its neighbours', () => {
    const places = findPlaces(seed, 'is');

    expect(new Set(places.map((p) => p.country))).toEqual(new Set(['SY', 'IQ', 'IR', 'TR']));
  });

  it('returns each place once, in order of first mention', () => {
    const places = findPlaces(seed, 'is');

    expect(names(places).slice(0, 5)).toEqual(['Hama', 'Aleppo', 'Syria', 'Homs', 'Damascus']);
    expect(new Set(names(places)).size).toBe(places.length);
  });

  it('carries GeoNames ids, feature classes and alpha-2 codes for all places', () => {
    const places = findPlaces(seed, 'is');

    expect(find('Hama', places)).toMatchObject({ country: 'SY', geonameId: 170017 });
    expect(find('Syria', places)).toMatchObject({ country: 'SY', geonameId: 163843, featureClass: 'country' });
    expect(find('Hama', places).featureClass).toBe('city');
  });

  it.each([
    ['Damaskus', 'Það er önnur borg sem liggur á milli Hama og Damaskus, höfuðborgar Sýrlands.', 'Damascus'],
    ['Sýrlands (genitive)', 'Undanfarin ár hafa litlar breytingar átt sér stað í norðvesturhluta Sýrlands.', 'Syria'],
    ['Sýrlandi (dative)', 'Sjá má grófa mynd af stöðunni í Sýrlandi á korti Liveuamap.', 'Syria'],
    ['Írak', 'Heimildarmaður Reuters segir sveitir frá Írak taka þátt.', 'Iraq'],
    ['Íran', 'Sveitir sem studdar eru af klerkastjórninni í Íran.', 'Iran'],
    ['Írans (genitive)', 'Stuðningsmenn Írans í Sýrlandi.', 'Iran'],
    ['Tyrklandi (dative)', 'Hópar sem njóta stuðningi frá Tyrklandi hafa sótt fram.', 'Turkey'],
  ])('reads the Icelandic form %s', (_form, sentence, expected) => {
    expect(names(findPlaces(sentence, 'is'))).toContain(expected);
  });

  it('names places in English, not in the inflected form', () => {
    const places = findPlaces('Átök í Sýrlandi og Damaskus.', 'is');

    expect(names(places)).toEqual(['Syria', 'Damascus']);
  });

  it('gives a country the coordinates of its capital', () => {
    const [syria] = findPlaces('Sýrland', 'is');

    expect(kmBetween([syria!.lat, syria!.lon], TRUTH.Damascus!)).toBeLessThan(50);
  });
});

describe('findPlaces in other languages', () => {
  it('finds English exonyms, transliteration variants and possessives', () => {
    const text =
      "Rebels took Aleppo and Hama; Homs is next. Damascus, Syria's capital, braces. Fighting in al-Bab, " +
      'Raqqa, Deir ez-Zor, Daraa and Maarat al-Numan.';

    expect(names(findPlaces(text, 'en'))).toEqual([
      'Aleppo',
      'Hama',
      'Homs',
      'Damascus',
      'Syria',
      'Al Bāb',
      'Raqqa',
      'Deir ez-Zor',
      'Daraa',
      'Maarat al-Numan',
    ]);
  });

  it('matches transliterations fuzzily: doubled letters, final h, articles, vowel spellings', () => {
    const places = findPlaces('Shelling hit Khan Sheikhoun and Jisr al-Shughur, then Hamah.', 'en');

    expect(places.map((p) => p.geonameId)).toEqual([168325, 169023, 170017]);
  });

  it('finds French names, elided ones included', () => {
    const places = findPlaces("Les rebelles ont pris Alep et avancent vers Damas, en Syrie. Ils sont partis d'Alep.", 'fr');

    expect(names(places)).toEqual(['Aleppo', 'Damascus', 'Syria']);
  });

  it('finds German names and genitives', () => {
    const places = findPlaces('Die Rebellen haben Aleppo eingenommen und rücken auf Damaskus vor. Die Zukunft Syriens ist offen.', 'de');

    expect(names(places)).toEqual(['Aleppo', 'Damascus', 'Syria']);
  });

  it('finds German names before a capitalised noun, in the genitive and spelt without umlauts', () => {
    expect(names(findPlaces('Die Proteste von Chemnitz Anfang September.', 'de'))).toEqual(['Chemnitz']);
    expect(names(findPlaces('Tübingens Oberbürgermeister sprach.', 'de'))).toEqual(['Tübingen']);
    expect(names(findPlaces('Grüße aus #Koeln an alle.', 'de'))).toEqual(['Köln']);
    expect(findPlaces('Die Marken-Botschafter sollten twittern.', 'de')).toEqual([]);
  });

  it('finds a town too small for the index when its region follows after a comma', () => {
    expect(names(findPlaces('The boat sailed from Ketchikan, Alaska, on Monday.', 'en'))).toEqual(['Ketchikan', 'Alaska']);
    expect(findPlaces('The boat sailed from Ketchikan on Monday.', 'en')).toEqual([]);
    expect(names(findPlaces('Judge Smith, Texas native, spoke.', 'en'))).toEqual(['Texas']);
  });

  it('finds continents (English names of countries-list), not inside a longer area name', () => {
    const [africa] = findPlaces('Drought spread across Africa this year.', 'en');
    expect(africa).toMatchObject({ name: 'Africa', featureClass: 'continent' });
    expect(africa!.lat).toBeGreaterThan(-35);
    expect(africa!.lat).toBeLessThan(37);
    expect(findPlaces('Fears grow in West Africa.', 'en').map((p) => p.name)).not.toContain('Africa');
  });

  it('finds Spanish names', () => {
    const places = findPlaces('Los rebeldes tomaron Alepo y avanzan hacia Damasco, en Siria.', 'es');

    expect(names(places)).toEqual(['Aleppo', 'Damascus', 'Syria']);
  });

  it('finds Arabic names behind the conjunction, preposition and article clitics', () => {
    const places = findPlaces('سيطر المسلحون على حلب ويتقدمون نحو دمشق وحماة، وقصفت الطائرات بالرقة والعراق', 'ar');

    expect(names(places)).toEqual(['Aleppo', 'Damascus', 'Hama', 'Raqqa', 'Iraq']);
  });

  it('finds Russian cases of country and city names', () => {
    const places = findPlaces('Удары по Киеву и Харькове, война в Сирии', 'ru');

    expect(names(places)).toEqual(['Kyiv', 'Kharkiv', 'Syria']);
  });

  it('finds Ukraine and Gaza exonyms', () => {
    expect(names(findPlaces('Drones over Kiev and Kharkov; strikes on Gaza.', 'en'))).toEqual(['Kyiv', 'Kharkiv', 'Gaza']);
    expect(names(findPlaces('Árásir á Kænugarð og Gasa.', 'is'))).toEqual(['Kyiv', 'Gaza']);
    expect(names(findPlaces('Angriffe auf Charkiw.', 'de'))).toEqual(['Kharkiv']);
    expect(names(findPlaces('Ataques en Járkov.', 'es'))).toEqual(['Kharkiv']);
    expect(names(findPlaces('قصف على غزة', 'ar'))).toEqual(['Gaza']);
  });

  it('accepts a regional language tag', () => {
    expect(names(findPlaces('Átök í Sýrlandi', 'is-IS'))).toEqual(['Syria']);
  });
});

describe('findPlaces with an unknown language', () => {
  it.each(['und', ''])('still finds exact capitalised names with lang %j', (lang) => {
    expect(names(findPlaces('Clashes between Aleppo and Damascus.', lang))).toEqual(['Aleppo', 'Damascus']);
  });

  it('does not strip endings it cannot know', () => {
    expect(findPlaces('Átök í Sýrlandi', 'und')).toEqual([]);
  });

  it('ignores lower-case words', () => {
    expect(findPlaces('aleppo and damascus', 'und')).toEqual([]);
  });
});

describe('findPlaces tie-breaking', () => {
  it('resolves an ambiguous name to the most populous place without a hint', () => {
    expect(findPlaces('Clashes in Tripoli.', 'en')).toMatchObject([{ name: 'Tripoli', country: 'LY' }]);
    expect(findPlaces('Clashes in Homs.', 'en')).toMatchObject([{ name: 'Homs', country: 'SY' }]);
  });

  it('leans towards the hinted country', () => {
    expect(findPlaces('Clashes in Tripoli.', 'en', 'LB')).toMatchObject([{ name: 'Tripoli', country: 'LB', geonameId: 266826 }]);
    expect(findPlaces('Clashes in Homs.', 'en', 'LY')).toMatchObject([{ name: 'Al Khums', country: 'LY' }]);
  });

  it('accepts a lower-case hint', () => {
    expect(findPlaces('Clashes in Tripoli.', 'en', 'lb')).toMatchObject([{ country: 'LB' }]);
  });

  it('ignores a hint that matches none of the candidates', () => {
    expect(findPlaces('Hama', 'en', 'JP')).toMatchObject([{ name: 'Hama', country: 'SY' }]);
  });
});

describe('findPlaces false-positive guard', () => {
  it('finds no place in a sentence of common words', () => {
    expect(findPlaces('Most people said nice things', 'en')).toEqual([]);
  });

  it('rejects a common word that opens a sentence but takes it as a place mid-sentence', () => {
    const places = findPlaces('Reading the report took time. Mobile networks are down. He flew to Nice.', 'en');

    expect(names(places)).toEqual(['Nice']);
  });

  it('rejects a sentence-opening word the same text uses in lower case', () => {
    expect(findPlaces('Split decisions were taken. The vote was split.', 'en')).toEqual([]);
  });

  it('rejects German nouns that are also town names', () => {
    expect(findPlaces('Die Lage ist ernst. Am Ende zogen sie nach Norden.', 'de')).toEqual([]);
  });

  it('rejects first and last names that are also towns', () => {
    const text = 'Secretary of State Antony Blinken and Jackson Hinkle spoke to The New York Times.';

    expect(findPlaces(text, 'en')).toEqual([]);
  });

  it('rejects personal names, acronyms, handles and URLs', () => {
    const text =
      'Abu Mohammed al-Joulani leads Hayat Tahrir al-Sham (HTS), AP said. — Thomas van Linge (@ThomasVLinge) pic.twitter.com/Hama';

    expect(findPlaces(text, 'en')).toEqual([]);
  });

  it('takes a small multi-word place only in a country the text is already about', () => {
    expect(findPlaces('The White House said little.', 'en')).toEqual([]);
    expect(names(findPlaces('Turkish drones struck Ras al-Ayn in Syria.', 'en'))).toEqual(['Ra’s al ‘Ayn', 'Syria']);
    expect(names(findPlaces('Turkish drones struck Ras al-Ayn.', 'en', 'SY'))).toEqual(['Ra’s al ‘Ayn']);
  });

  it('reads a name after an elided particle as part of the longer name before it', () => {
    expect(findPlaces('Les diplomates du Quai d’Orsay ont été rappelés.', 'fr')).toEqual([]);
    expect(names(findPlaces('Les diplomates ont quitté Orsay hier.', 'fr'))).toEqual(['Orsay']);
  });

  it('reads a single capitalised word after an article as a noun, not a town (German, Spanish, French)', () => {
    expect(findPlaces('Sie hatten den Mut, es zu sagen.', 'de')).toEqual([]);
    expect(findPlaces('La Constitución garantiza ese derecho.', 'es')).toEqual([]);
    expect(names(findPlaces('Er fuhr am Montag nach Mut in der Türkei.', 'de'))).toEqual(['Mut', 'Turkey']);
    expect(names(findPlaces('Die Wahl in der Ukraine wurde verschoben.', 'de'))).toEqual(['Ukraine']);
  });

  it('takes a small town abroad only when another name on the page points to its country', () => {
    const page = (texts: string[]) => findPagePlaces(texts, 'de').map(names);
    expect(page(['Berlin und Hamburg streiten.', 'Wie lustig #Palmer wäre.'])).toEqual([['Berlin', 'Hamburg'], []]);
    expect(page(['Berlin und Hamburg streiten.', 'Palmer in Massachusetts wächst.'])).toEqual([
      ['Berlin', 'Hamburg'],
      ['Palmer', 'Massachusetts'],
    ]);
  });

  it('reads a place after "of" in the name of a body as part of the body, in every language', () => {
    expect(findPlaces('La Guardia Nacional de Texas patrulla el río.', 'es')).toEqual([]);
    expect(findPlaces('Le Conseil régional de Bretagne a voté.', 'fr').map((p) => p.name)).not.toContain('Brittany');
    expect(names(findPlaces('La República de Chile votó.', 'es'))).toEqual(['Chile']);
  });

  it('reads the first word of a sentence that the text also writes in lower case as that word, unless it is a country', () => {
    expect(findPlaces('Para ella fue difícil. Vamos para casa.', 'es')).toEqual([]);
    expect(names(findPlaces('Chile ganó. Es un chile picante.', 'es'))).toEqual(['Chile']);
  });

  it('takes a city after "the" in a compound or, when big, before a noun it qualifies', () => {
    expect(names(findPlaces('A commissioner of the Boston-based fund spoke.', 'en'))).toEqual(['Boston']);
    expect(names(findPlaces('Delegates recalled the Berlin wall talks.', 'en'))).toEqual(['Berlin']);
    expect(findPlaces('Delegates praised the Obama administration.', 'en')).toEqual([]);
  });

  it('returns nothing for empty text', () => {
    expect(findPlaces('', 'en')).toEqual([]);
  });
});

describe('guessCountry', () => {
  it('picks the most mentioned country of the seed article', () => {
    expect(guessCountry(seed.split('\n'), 'is')).toBe('SY');
  });

  it('counts a country and its cities together', () => {
    const texts = ['Strikes on Kyiv and Kharkiv.', 'Syria', 'Odesa was hit.'];

    expect(guessCountry(texts, 'en')).toBe('UA');
  });

  it('gives a tie to the country mentioned first', () => {
    expect(guessCountry(['Lebanon and Syria'], 'en')).toBe('LB');
  });

  it('is undefined when no place is mentioned', () => {
    expect(guessCountry(['Most people said nice things', ''], 'en')).toBeUndefined();
  });

  it('feeds findPlaces a hint that settles an ambiguous name', () => {
    const texts = ['Clashes in Tripoli.', 'The army entered Beirut and Sidon; Lebanon is on edge.'];

    const hint = guessCountry(texts, 'en');

    expect(hint).toBe('LB');
    expect(findPlaces(texts[0]!, 'en', hint)).toMatchObject([{ country: 'LB' }]);
  });
});

describe('place names in context', () => {
  const kinds = (text: string, lang = 'en') => findPlaces(text, lang).map((p) => `${p.name} (${p.featureClass})`);

  it('never takes a month or a weekday for a place ("March" in the BBC story)', () => {
    expect(findPlaces('In late March, Dr Fauci estimated "between 100,000 and 200,000" could die.', 'en')).toEqual([]);
    expect(findPlaces('Am Dienstag und im März blieb es ruhig.', 'de')).toEqual([]);
  });

  it('takes the longest name: "New York state" is the state, not York', () => {
    expect(kinds('New York state now has more coronavirus cases than any single country.')).toEqual(['New York (region)']);
    expect(kinds('Images have emerged of coffins being buried in New York City.')).toEqual(['New York City (city)']);
  });

  it('takes no place from an organisation\'s name ("University of New Mexico", "US Air Force", "The Times of Israel")', () => {
    expect(findPlaces('She attended University of New Mexico for undergrad.', 'en')).toEqual([]);
    expect(kinds('US Air Force jets flew over Israel, The Times of Israel reported.')).toEqual(['Israel (country)']);
  });

  it('takes "New Mexico" over "Mexico"', () => {
    expect(kinds('She grew up in New Mexico.')).toEqual(['New Mexico (region)']);
  });

  it('does not take a surname given with a title for a town ("President Obama")', () => {
    expect(findPagePlaces(['President Obama spoke.', 'Obama said the law had failed.'], 'en')).toEqual([[], []]);
  });

  it('reads dotted acronyms and short country names ("U.S.", "Britain")', () => {
    expect(names(findPlaces('The U.S. and Britain agreed.', 'en'))).toEqual(['United States', 'United Kingdom']);
  });

  it('reads "the state of Washington" as the state, and Washington alone as the capital', () => {
    const [state] = findPlaces('The state of Washington has sworn in its first Native American Supreme Court justice.', 'en');
    expect(state).toMatchObject({ name: 'Washington', featureClass: 'region', geonameId: 5815135, country: 'US' });
    expect(kinds('Washington said the talks were over.')).toEqual(['Washington, D.C. (city)']);
  });

  it('does not take common nouns or institutions after "the" for towns ("the Temple of Justice", "the White House")', () => {
    expect(findPlaces('They walked from the Capitol Building to the Temple of Justice.', 'en')).toEqual([]);
    expect(findPlaces("A key member of the White House's coronavirus task force spoke.", 'en')).toEqual([]);
  });

  it('does not take a people or a tribe for the town of the same name ("the Pueblo of Isleta", "the Pueblo tribe")', () => {
    expect(findPlaces('She is an enrolled member of the Pueblo of Isleta Indian tribe.', 'en')).toEqual([]);
    expect(findPlaces('Her father came from the Pueblo tribe and her mother was Jewish.', 'en')).toEqual([]);
    expect(kinds('They drove south to Pueblo, Colorado, on Monday.')).toEqual(['Pueblo (city)', 'Colorado (region)']);
  });

  it('finds names that carry their article ("the Bronx")', () => {
    expect(kinds('The drone footage comes from Hart Island, off the Bronx in Long Island Sound.')).toEqual(['The Bronx (city)']);
  });

  it('reads a name listed among states as a state', () => {
    expect(kinds('Figures from Louisiana, Mississippi, Michigan, Wisconsin and New York reflect the same disparity.')).toEqual([
      'Louisiana (region)',
      'Mississippi (region)',
      'Michigan (region)',
      'Wisconsin (region)',
      'New York (region)',
    ]);
  });

  it.each([
    ['en', 'Louisiana, Texas, Bavaria and Catalonia', ['Louisiana', 'Texas', 'Bavaria', 'Catalonia']],
    ['de', 'Die Lage in Bayern und Katalonien.', ['Bavaria', 'Catalonia']],
    ['fr', 'La situation en Catalogne et en Bavière.', ['Catalonia', 'Bavaria']],
    ['es', 'La situación en Cataluña y Baviera.', ['Catalonia', 'Bavaria']],
    ['ar', 'وقال مصدر في محافظة إدلب إن', ['Idlib']],
  ])('finds first-level regions in %s', (lang, text, expected) => {
    const places = findPlaces(text, lang);
    expect(names(places)).toEqual(expected);
    expect(places.every((p) => p.featureClass === 'region' && p.geonameId !== undefined)).toBe(true);
  });

  it('places a region at the middle of its cities, within 161 km of GeoNames', () => {
    const [texas] = findPlaces('Texas', 'en');
    expect(kmBetween([texas!.lat, texas!.lon], [31.25, -99.25])).toBeLessThan(161);
  });

  it('weighs the other places of the page: a state named beside its cities is the state', () => {
    const [washington, cities] = findPagePlaces(['Washington is rainy this week.', 'Seattle and Spokane saw floods.'], 'en');
    expect(washington).toEqual([expect.objectContaining({ name: 'Washington', featureClass: 'region' })]);
    expect(names(cities ?? [])).toEqual(['Seattle', 'Spokane']);
  });
});

describe('alternate names of cities (GeoNames, city-names.json)', () => {
  it('finds a world capital by its Arabic name, with a preposition on it ("لندن", "بلندن")', () => {
    const places = findPlaces('ومقره لندن. ووصل الوفد بلندن امس', 'ar');

    expect(names(places)).toEqual(['London']);
    expect(kmBetween([find('London', places).lat, find('London', places).lon], [51.51, -0.13])).toBeLessThan(20);
  });

  it('finds a city by its French exonym ("Katmandou")', () => {
    expect(names(findPlaces('Les secours sont arrivés à Katmandou samedi.', 'fr'))).toEqual(['Kathmandu']);
  });

  it('finds a seat named like its region by the region\'s Arabic name ("الخرطوم" is Khartoum)', () => {
    expect(names(findPlaces('وبالنسبة للنظام في الخرطوم فهو يعتمد سياسة جس النبض', 'ar'))).toEqual(['Khartoum']);
  });

  it('finds a two-word Arabic name whose short first word carries a conjunction ("وتل ابيب")', () => {
    expect(names(findPlaces('عاصمة بين الخرطوم وتل ابيب.', 'ar'))).toEqual(['Khartoum', 'Tel Aviv']);
  });

  it('reads "للندن" as "to London", a preposition and not the article', () => {
    expect(findPlaces('وصل الوفد للندن امس', 'ar').map((p) => p.name)).toEqual(['London']);
  });

  it('takes no common word for a city that also goes by it ("المشهد" is the scene, not Mashhad; "Gerät" is no "Gerat")', () => {
    expect(findPlaces('تحدث الينا عن المشهد السوداني بشخصية مكشوفة', 'ar')).toEqual([]);
    expect(findPlaces('Sie verzichten auf ein zusätzliches Gerät neben dem Mac.', 'de')).toEqual([]);
  });

  it('takes no nickname or hoax name far from the city\'s own ("Google" was Topeka for a month in 2010)', () => {
    expect(findPlaces('Firmen wie Evernote, Dropbox und Google unterstützen den Standard.', 'de')).toEqual([]);
  });

  it('takes no given name after a title for a town ("الرئيس بشار الأسد" is no Béchar)', () => {
    expect(findPlaces('فصائل معارضة لنظام الرئيس بشار الأسد', 'ar')).toEqual([]);
  });
});
