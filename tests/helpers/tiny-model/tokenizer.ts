/**
 * A SentencePiece-style Unigram tokenizer.json shaped like Helsinki-NLP's Marian exports:
 * </s>=0, <unk>=1, <pad>=vocab-1, Metaspace pre-tokenizer/decoder, </s> appended to every input.
 */

const WORDS = `de la que el en y a los se del las un por con no una su para es al lo como más pero sus le ya o
este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos
uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro otras otra él tanto esa
estos mucho quienes nada muchos cual poco ella estar estas algunas algo nosotros casa día año años tiempo
vida mundo hombre mujer país ciudad gobierno trabajo parte agua noche libro historia gente ser haber hacer
tener decir ir ver dar saber querer llegar pasar deber poner parecer quedar creer hablar llevar dejar
seguir encontrar llamar venir pensar salir volver tomar conocer vivir sentir tratar mirar es son fue era
está están tiene hace puede dijo hola gracias buenos buenas días bien mal grande nuevo primera primero
señor señora niño niña perro gato sol luna mar tierra cielo rojo azul verde blanco negro hoy mañana ayer
siempre nunca aquí allí ahora después`
  .split(/\s+/)
  .filter((w) => w.length > 0);

const CHARS = [
  ...'abcdefghijklmnopqrstuvwxyz',
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'áéíóúüñÁÉÍÓÚÜÑ',
  ...'0123456789',
  ...'.,;:!?¡¿-—–()[]«»"\'/%&+*=@#$€°',
];

const SPACE = '\u2581';

/** Pieces in id order, without specials; padded with synthetic letter n-grams up to `count`. */
function pieces(count: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (p: string): void => {
    if (out.length < count && !seen.has(p)) {
      seen.add(p);
      out.push(p);
    }
  };
  for (const w of WORDS) add(SPACE + w);
  for (const c of CHARS) {
    add(SPACE + c);
    add(c);
  }
  for (const w of WORDS) add(w);
  // Only the bench preset needs these (its vocabulary has the real model's 65,001 entries).
  const letters = 'abcdefghijklmnopqrstuvwxyzñáéíóú';
  for (let n = 2; out.length < count && n <= 4; n++) {
    const total = Math.pow(letters.length, n);
    for (let k = 0; k < total && out.length < count; k++) {
      let s = '';
      let r = k;
      for (let j = 0; j < n; j++) {
        s = (letters[r % letters.length] as string) + s;
        r = Math.floor(r / letters.length);
      }
      add(SPACE + s);
      add(s);
    }
  }
  if (out.length < count) throw new Error(`cannot make ${count} distinct pieces`);
  return out;
}

export function tokenizerJson(vocabSize: number): object {
  // Every character must be reachable with and without the word-start marker, or inputs hit <unk>.
  const minVocab = 3 + new Set(WORDS).size + 2 * CHARS.length;
  if (vocabSize < minVocab) throw new Error(`vocabSize must be at least ${minVocab}`);
  const body = pieces(vocabSize - 3);
  // Whole words score above single characters so Unigram prefers them, as a trained model would.
  const scored: [string, number][] = body.map((p) => {
    const core = p.startsWith(SPACE) ? p.slice(1) : p;
    const score = core.length > 1 ? -4 - 0.01 * (core.length <= 4 ? 4 - core.length : 0) : -9;
    return [p, score];
  });
  const vocab: [string, number][] = [['</s>', 0], ['<unk>', 0], ...scored, ['<pad>', 0]];
  const special = (id: number, content: string): object => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(0, '</s>'), special(1, '<unk>'), special(vocabSize - 1, '<pad>')],
    normalizer: null,
    pre_tokenizer: {
      type: 'Metaspace',
      replacement: SPACE,
      add_prefix_space: true,
      prepend_scheme: 'always',
      split: true,
    },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
      pair: [
        { Sequence: { id: 'A', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 0 } },
        { SpecialToken: { id: '</s>', type_id: 0 } },
      ],
      special_tokens: { '</s>': { id: '</s>', ids: [0], tokens: ['</s>'] } },
    },
    decoder: { type: 'Metaspace', replacement: SPACE, add_prefix_space: true, prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 1, vocab, byte_fallback: false },
  };
}

export function tokenizerConfigJson(): object {
  return {
    tokenizer_class: 'MarianTokenizer',
    source_lang: 'es',
    target_lang: 'en',
    separate_vocabs: false,
    model_max_length: 512,
    eos_token: '</s>',
    unk_token: '<unk>',
    pad_token: '<pad>',
    sp_model_kwargs: {},
  };
}
