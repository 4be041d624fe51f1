/**
 * Spanish abbreviation tables for sentence segmentation.
 *
 * A period after an abbreviation is ambiguous: the abbreviation may end the sentence or sit inside it. What decides
 * is the word that follows, so each abbreviation carries the kind of word it is usually followed by *inside* a
 * sentence. The segmenter only ever needs these tables when the next word is capitalized or a number: a lowercase
 * next word never starts a Spanish sentence, so "Admón. es ..." or "1 min. para ..." need no entry at all.
 *
 * Keys are lowercase and without the final period; lookups lowercase the token first, so "Núm." and "núm." match.
 */

/**
 * - `title`: precedes a name or a number ("Sr. Pérez", "Dra. Gil", "Av. Corrientes", "cap. 3"); almost never ends a
 *   sentence, so the period is never a boundary before a capital or a digit.
 * - `number`: precedes a number or a Roman numeral ("pág. 12", "art. 4", "s. XII", "Nov. 23", "tel. 555"); it may
 *   end a sentence ("lo vi en el cap. Luego..." is rare, "cuesta 5 euros aprox. Luego" is not), so a capital after
 *   it is a boundary and a digit is not.
 * - `final`: often the last word of a sentence ("etc.", "EE. UU.", "S.A.", "a. C.", "Ud."): a boundary before a
 *   capital (or ¿ ¡), never before a digit or a lowercase word.
 * - `inner`: introduces what follows and essentially never ends a sentence ("p. ej.", "vs.", "cf."): never a
 *   boundary.
 * - `name`: ends a name ("Warner Bros.", "Pérez Hnos.", "la O.N.U."), which a capitalized word may go on
 *   ("Warner Bros. Records", UD-GSD dev): a boundary only before a word that opens sentences ("Corp. El ...").
 */
export type AbbreviationKind = 'title' | 'number' | 'final' | 'inner' | 'name';

// The tables below are lists of words, one group per line, so that they read as data.
function words(list: string): string[] {
  return list.split(' ');
}

const TITLES: string[] = [
  // forms of address: "Sr. Pérez", "Srta. Ledesma", "Dña. Carmen"
  ...words('sr sra srta sres sras srs d dña dn mr mrs ms'),
  // professions and degrees used before surnames: "Dr. Naser", "Lic. Naser Pastoriza", "Ing. Gómez"
  ...words('dr dra dres dras lic licda lcdo lcda ing arq prof profa mtro mtra'),
  // military and church ranks: "Gral. San Martín", "Mons. Romero", "Sto. Domingo"
  ...words('gral cnel tte sgto cap cmte mons pbro fr sto sta sn excmo excma ilmo ilma rvdo rvda'),
  // public offices before a name: "Pdte. Sánchez", "Dip. Ruiz", "Gob. Pérez"
  ...words('pdte pdta pte pres dip gob sen univ'),
  // English titles, frequent in Spanish news about the English-speaking world: "Gov. Newsom", "Rev. King"
  ...words('gov capt lt sgt rev hon'),
  // street addresses: "Av. Corrientes", "Avda. de Mayo", "Cra. 7" (Colombian carrera), "Mt. Kisco"
  ...words('av avda cra cl pza pje pº mt st ft'),
];

const BEFORE_NUMBERS: string[] = [
  // references inside a text: "pág. 12", "cap. 3", "art. 4", "párrf. 5", "vol. II", "fig. 2"
  ...words('p pp pág págs pg vol vols art arts párr párrf fig figs caps núm núms nro no n nº n° fol col lib t tít'),
  ...words('cód sec secc ed'),
  // centuries and dates: "s. XII", "Lun. 15 de Mar.", "30 Ago. 1984"
  ...words('s ss lun mar miér mié jue vie sáb dom ene feb abr jun jul ago sep sept set oct nov dic'),
  // contact details: "Tel. (57-1) 3239300", "Ext. 1010", "apdo. 45"
  ...words('tel tlf tfno ext apdo cp'),
  // units and approximations written with a period: "5 km. 3 de ellos", "aprox. 40"
  ...words('km kg gr cm mm min seg hs hrs h m g aprox'),
];

const SENTENCE_FINAL: string[] = [
  // "etc." closes enumerations, often at the end of a sentence
  ...words('etc'),
  // pronouns of address end sentences as any pronoun does: "Se lo agradezco a Ud. Saludos."
  ...words('ud uds vd vds'),
  // "atentamente" closing a letter
  ...words('atte'),
];

const INNER: string[] = [
  // introduce an example or a comparison; what follows belongs to the same sentence ("BMW v. Gore": versus)
  ...words('vs v cf cfr ej ibíd íd esp admón depto dpto dcha izq'),
];

const NAME_FINAL: string[] = [
  // company suffixes: "trabaja en Pérez Hnos. Luego ...", but "Warner Bros. Records"
  ...words('cía ltda hnos inc corp co ltd bros jr'),
];

/**
 * Abbreviations written as several tokens separated by spaces. The segmenter must not split between the tokens
 * ("a. | C.") and must read the kind of the whole ("EE. UU." ends sentences; "p. ej." never does). Matching is
 * case-sensitive because case is what tells "a. C." (antes de Cristo) from the initials in "A. C. Clarke"; the
 * capitalized variants that start a sentence are listed explicitly.
 */
export const MULTI_TOKEN_ABBREVIATIONS: ReadonlyArray<{ form: string; kind: AbbreviationKind }> = [
  { form: 'EE. UU.', kind: 'final' }, // Estados Unidos
  { form: 'a. C.', kind: 'final' }, // antes de Cristo
  { form: 'd. C.', kind: 'final' }, // después de Cristo
  { form: 'a. m.', kind: 'final' }, // ante meridiem: "a las 9 a. m. Luego ..."
  { form: 'p. m.', kind: 'final' },
  { form: 'S. A.', kind: 'final' }, // sociedad anónima
  { form: 'S. L.', kind: 'final' }, // sociedad limitada
  { form: 'p. ej.', kind: 'inner' }, // por ejemplo
  { form: 'P. ej.', kind: 'inner' },
  { form: 'v. gr.', kind: 'inner' }, // verbigracia
  { form: 'i. e.', kind: 'inner' },
  { form: 'e. g.', kind: 'inner' },
  { form: 'op. cit.', kind: 'final' },
  { form: 'N. del T.', kind: 'final' }, // nota del traductor, usually the last words of a sentence or a parenthesis
  { form: 'q. e. p. d.', kind: 'final' },
];

/**
 * Dotted acronyms written without spaces that end sentences ("trabaja en Pérez S.A. Luego ..."). Any other run of
 * single capitals with periods ("J.K.", "J.R.R.") is read as initials, which precede a surname.
 */
export const DOTTED_FINAL = new Set([
  'S.A.',
  'S.L.',
  'S.R.L.',
  'C.V.',
  'D.C.',
  'U.S.A.',
  'EE.UU.',
  'a.C.',
  'd.C.',
  'a.m.',
  'p.m.',
]);

const TABLE = new Map<string, AbbreviationKind>();
for (const key of BEFORE_NUMBERS) TABLE.set(key, 'number');
for (const key of SENTENCE_FINAL) TABLE.set(key, 'final');
for (const key of INNER) TABLE.set(key, 'inner');
for (const key of NAME_FINAL) TABLE.set(key, 'name');
// Titles last: "cap." is both capítulo and capitán, and neither ends a sentence before a capital or a digit.
for (const key of TITLES) TABLE.set(key, 'title');

/** The kind of a single-token abbreviation, given the token without its final period; undefined if unknown. */
export function abbreviationKind(word: string): AbbreviationKind | undefined {
  return TABLE.get(word.toLowerCase());
}

/**
 * Words that often open a Spanish sentence and are never a surname: articles, pronouns, demonstratives,
 * conjunctions, prepositions and sentence adverbs, plus the commonest verb forms. After an initial or a title
 * ("Felipe V.", "Thomas J. Watson Sr.") one of these shows that a new sentence has begun ("Felipe V. Luego ..."),
 * where a capitalized word that is not one of them is most likely the name going on ("dijo J. Pérez").
 */
const STARTERS = new Set(
  [
    // articles, pronouns, demonstratives, possessives, quantifiers
    'el la los las lo un una unos unas al él ella ellos ellas ello yo tú usted ustedes nosotros nosotras',
    'vosotros este esta estos estas esto ese esa esos esas eso aquel aquella aquellos aquellas aquello',
    // the demonstrative pronouns as they were written with an accent until 2010: "Éste al enterarse ..."
    'éste ésta éstos éstas ése ésa ésos ésas aquél aquélla aquéllos aquéllas',
    'su sus mi mis tu tus nuestro nuestra nuestros nuestras otro otra otros otras todo toda todos todas',
    'cada mucho mucha muchos muchas poco pocos pocas algunos algunas varios varias ningún ninguno ninguna',
    'nadie nada alguien algo ambos ambas se le les me te nos',
    // conjunctions, prepositions, relatives and interrogatives
    'y e o u ni pero aunque sino mas pues porque si cuando como donde mientras que qué quien quién cuál',
    'cuáles cuánto cuánta cuántos cuántas cómo dónde cuándo en a ante bajo con contra desde durante entre',
    'hacia hasta mediante para por según sin sobre tras',
    // sentence adverbs and connectives
    'después luego entonces además también tampoco así ahora hoy ayer mañana ya aún todavía no sí sólo solo',
    'incluso finalmente posteriormente asimismo igualmente primero segundo tercero antes allí allá aquí ahí',
    'actualmente siempre nunca jamás quizá quizás tal acaso apenas casi muy más menos tanto bien mal',
    // common verb forms that open sentences
    'es son fue fueron era eran está están estaba estaban hay había ha han hace hizo tiene tienen tenía',
  ]
    .join(' ')
    .split(' '),
);

/** Words that start surnames and place names after an initial or a title: "J. de la Cruz", "Av. Los Leones". */
const NAME_PARTICLES = new Set('el la los las lo de del y e da das do dos di van von der le san santa'.split(' '));

// Adverbs in -mente open sentences and are never names: "...expulsaron a Piquet Jr. Exactamente a las 8:46 ..."
// (newstest2012 dev). Four letters before -mente at least, which leaves out the name Clemente.
const MENTE_ADVERB = /^\p{L}{4,}mente$/u;

/** Whether `word` (capitalized as written, openers and punctuation stripped) opens a new sentence after a name. */
export function startsSentenceAfterName(word: string): boolean {
  const lower = word.toLowerCase();
  return (STARTERS.has(lower) && !NAME_PARTICLES.has(lower)) || MENTE_ADVERB.test(lower);
}

/** Whether `word` (any case) is an article or a preposition that also starts names: "El Salvador", "De la Rúa". */
export function isNameParticle(word: string): boolean {
  return NAME_PARTICLES.has(word.toLowerCase());
}

/** Whether `word` opens a new sentence after a word that names something ("la vitamina C. Después ..."). */
export function startsSentenceAfterLetter(word: string): boolean {
  const lower = word.toLowerCase();
  return STARTERS.has(lower) || MENTE_ADVERB.test(lower);
}

// The demonstrative pronouns written with an accent (until 2010) are never a name, nor part of one.
const ACCENTED_DEMONSTRATIVES = new Set(
  'éste ésta éstos éstas ése ésa ésos ésas aquél aquélla aquéllos aquéllas'.split(' '),
);

/**
 * Whether `word` can never be a name, so that a title before it ("la Av.", "el Dr.") cannot be introducing one:
 * an accented demonstrative pronoun or an adverb in -mente ("...ubicada en la Av. Éste al enterarse ...").
 */
export function isNeverAName(word: string): boolean {
  const lower = word.toLowerCase();
  return ACCENTED_DEMONSTRATIVES.has(lower) || MENTE_ADVERB.test(lower);
}

// Clitic pronouns and verb forms that, capitalized, only open a sentence: no Spanish name starts with them (unlike
// "Ha", "Son", "Han", "Hay" or "Le", surnames or particles too), nor does an English title ("Drag Me to Hell").
const ONLY_OPENERS = new Set('se nos es fue fueron eran está están estaba estaban había'.split(' '));

/**
 * Whether a capitalized `word` followed by the lowercase `following` opens a sentence even with no punctuation
 * before it: a sentence whose writer left off its final stop ("...de los otros osos Es otro de los modelos ...",
 * "...por Zill and Hogenes (2002) Se publicó en 1799."; UD-GSD dev).
 */
export function opensSentenceUnpunctuated(word: string, following: string): boolean {
  return /^\p{Lu}\p{Ll}*$/u.test(word) && ONLY_OPENERS.has(word.toLowerCase()) && /^\p{Ll}+$/u.test(following);
}

// Prepositions, articles and possessive determiners: a sentence cannot end on one, so an ellipsis after one leaves a
// word in suspense ("...compartir avión con los Bleus hacia... Brasil, en 2014.", newstest2012 dev). Words that are
// also nouns, adjectives or pronouns that may end a sentence ("bajo", "sobre", "entre", "una", "lo") are left out.
const UNFINISHED = new Set(
  'a ante con contra de desde durante en hacia hasta mediante para por sin tras al del el la los las un mi tu su mis tus sus'.split(
    ' ',
  ),
);

/** Whether a sentence cannot end on `word` (any case): a preposition, an article or a possessive determiner. */
export function cannotEndSentence(word: string): boolean {
  return UNFINISHED.has(word.toLowerCase());
}
