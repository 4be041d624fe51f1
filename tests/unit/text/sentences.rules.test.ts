import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../lib/text';

// Hand-written cases, one group per rule of lib/text/sentences.ts. Each lists a paragraph and the sentences a
// Spanish reader would see in it.
type Case = [paragraph: string, sentences: string[]];

function check(cases: Case[]): void {
  for (const [paragraph, sentences] of cases) {
    it(JSON.stringify(paragraph), () => {
      expect(splitSentences(paragraph)).toEqual(sentences);
    });
  }
}

describe('questions and exclamations', () => {
  check([
    ['¿Vienes mañana? Te espero a las ocho.', ['¿Vienes mañana?', 'Te espero a las ocho.']],
    ['¡Qué alegría! ¿Cuándo llegaste?', ['¡Qué alegría!', '¿Cuándo llegaste?']],
    ['Entonces, ¿qué hacemos? ¡Nada!', ['Entonces, ¿qué hacemos?', '¡Nada!']],
    // after ? or ! a lowercase word continues the sentence
    ['¿Dónde estás? —preguntó su madre desde la cocina.', ['¿Dónde estás? —preguntó su madre desde la cocina.']],
    ['¡Ay! exclamó el niño al caer.', ['¡Ay! exclamó el niño al caer.']],
    ['¿Cuántos vinieron? 25, más o menos.', ['¿Cuántos vinieron?', '25, más o menos.']],
  ]);
});

// Interviews written with spaced hyphens (a common press convention): each turn is a sentence of its own.
describe('dialogue turns after a spaced dash', () => {
  check([
    [
      'La obra ya empezó. - ¿Cuándo termina? - En marzo, si no llueve. - Pues ojalá no llueva.',
      ['La obra ya empezó.', '- ¿Cuándo termina?', '- En marzo, si no llueve.', '- Pues ojalá no llueva.'],
    ],
    ['Llegan por miles! – Van a verlo todos.', ['Llegan por miles!', '– Van a verlo todos.']],
    // a lowercase word after the dash goes on with the sentence; after an abbreviation the dash joins a name
    ['No es así. - dijo ella en voz baja.', ['No es así. - dijo ella en voz baja.']],
    ['Vive en Bogotá, D.C. - Colombia, desde 2010.', ['Vive en Bogotá, D.C. - Colombia, desde 2010.']],
    ['El precio sube. - 5 % más que ayer.', ['El precio sube. - 5 % más que ayer.']],
    // two hyphens typed for a dash
    ['Sufrieron bajas. -- La actriz fue operada.', ['Sufrieron bajas.', '-- La actriz fue operada.']],
  ]);
});

describe('quotes and parentheses', () => {
  check([
    ['Dijo: «No pienso ir.» Luego se marchó.', ['Dijo: «No pienso ir.»', 'Luego se marchó.']],
    ['«Volveré», dijo. Y se fue sin mirar atrás.', ['«Volveré», dijo.', 'Y se fue sin mirar atrás.']],
    ['«Es tarde.», repitió ella en voz baja.', ['«Es tarde.», repitió ella en voz baja.']],
    ['"Esto es todo." Así terminó la reunión.', ['"Esto es todo."', 'Así terminó la reunión.']],
    ['Le preguntó: “¿Vienes?”. Ella no contestó.', ['Le preguntó: “¿Vienes?”.', 'Ella no contestó.']],
    ['Nadie lo discutió (ni siquiera él.) Después se fue.', ['Nadie lo discutió (ni siquiera él.)', 'Después se fue.']],
    [
      'La cifra era alta. (Véase la tabla.) Nadie lo esperaba.',
      ['La cifra era alta.', '(Véase la tabla.)', 'Nadie lo esperaba.'],
    ],
  ]);
});

describe('abbreviations', () => {
  check([
    ['El Sr. García y la Dra. Martínez llegaron tarde.', ['El Sr. García y la Dra. Martínez llegaron tarde.']],
    [
      'Saludó a la Srta. Gómez y al Ing. Ruiz. Después se sentó.',
      ['Saludó a la Srta. Gómez y al Ing. Ruiz.', 'Después se sentó.'],
    ],
    ['Uds. saben que la Sra. Ortiz vendrá.', ['Uds. saben que la Sra. Ortiz vendrá.']],
    ['Se lo agradezco a Ud. Reciba un cordial saludo.', ['Se lo agradezco a Ud.', 'Reciba un cordial saludo.']],
    ['Viajó a EE. UU. el año pasado.', ['Viajó a EE. UU. el año pasado.']],
    ['Vive en EE. UU. Su hermana, en México.', ['Vive en EE. UU.', 'Su hermana, en México.']],
    ['Llegó a los EE. UU.. Allí se quedó.', ['Llegó a los EE. UU..', 'Allí se quedó.']],
    ['Hay muchos ejemplos, p. ej. Madrid o Sevilla.', ['Hay muchos ejemplos, p. ej. Madrid o Sevilla.']],
    [
      'Véase la pág. 45 y el cap. 3 del vol. II para más datos.',
      ['Véase la pág. 45 y el cap. 3 del vol. II para más datos.'],
    ],
    ['El art. 14 de la Constitución lo prohíbe.', ['El art. 14 de la Constitución lo prohíbe.']],
    ['Según el núm. 7 de la revista, el precio subió.', ['Según el núm. 7 de la revista, el precio subió.']],
    [
      'Vive en la Av. Corrientes, cerca de la Avda. de Mayo.',
      ['Vive en la Av. Corrientes, cerca de la Avda. de Mayo.'],
    ],
    [
      'Augusto murió en el año 14 d. C. Su sucesor fue Tiberio.',
      ['Augusto murió en el año 14 d. C.', 'Su sucesor fue Tiberio.'],
    ],
    ['Roma fue fundada en el 753 a. C. según la tradición.', ['Roma fue fundada en el 753 a. C. según la tradición.']],
    [
      'Trabaja en Construcciones Pérez S.A. Su hermano también.',
      ['Trabaja en Construcciones Pérez S.A.', 'Su hermano también.'],
    ],
    ['Llegaremos aprox. a las diez.', ['Llegaremos aprox. a las diez.']],
    ['Llame al tel. 555 123 456 para reservar.', ['Llame al tel. 555 123 456 para reservar.']],
    ['Nació en el s. XIX en Sevilla.', ['Nació en el s. XIX en Sevilla.']],
    ['Le dije que no. Luego me arrepentí.', ['Le dije que no.', 'Luego me arrepentí.']],
    ['Recorrimos 12 km. Después descansamos.', ['Recorrimos 12 km.', 'Después descansamos.']],
  ]);
});

describe('"etc." at a sentence end', () => {
  // Inside a sentence "etc." is followed by a lowercase word; a capital after it starts a new sentence, even a name.
  check([
    [
      'Compramos frutas, verduras, etc. Luego volvimos a casa.',
      ['Compramos frutas, verduras, etc.', 'Luego volvimos a casa.'],
    ],
    ['Compramos frutas, verduras, etc. y volvimos a casa.', ['Compramos frutas, verduras, etc. y volvimos a casa.']],
    ['Trajeron mesas, sillas, etc. Juan las colocó.', ['Trajeron mesas, sillas, etc.', 'Juan las colocó.']],
    ['Había de todo (libros, discos, etc.) en la tienda.', ['Había de todo (libros, discos, etc.) en la tienda.']],
  ]);
});

describe('initials', () => {
  check([
    [
      'Harry Potter fue escrito por J. K. Rowling en Edimburgo.',
      ['Harry Potter fue escrito por J. K. Rowling en Edimburgo.'],
    ],
    ['John F. Kennedy fue presidente. Murió en Dallas.', ['John F. Kennedy fue presidente.', 'Murió en Dallas.']],
    ['Lo firmó J.R. Jiménez en Moguer.', ['Lo firmó J.R. Jiménez en Moguer.']],
    // a capital after a common noun names a thing, not a person
    ['Le faltaba vitamina C. Después de un mes, mejoró.', ['Le faltaba vitamina C.', 'Después de un mes, mejoró.']],
    ['Ganó el grupo A. Los demás quedaron fuera.', ['Ganó el grupo A.', 'Los demás quedaron fuera.']],
    // after a verb, a capital followed by a surname is an initial
    ['Lo dijo J. Pérez en la radio.', ['Lo dijo J. Pérez en la radio.']],
    // a king's numeral ends the sentence when a word that opens one follows; particles start surnames
    ['Reinaba Felipe V. Luego llegó la guerra.', ['Reinaba Felipe V.', 'Luego llegó la guerra.']],
    ['Escribió Juan R. de la Cruz.', ['Escribió Juan R. de la Cruz.']],
    ['Capítulo V. Donde se cuenta la desgracia.', ['Capítulo V.', 'Donde se cuenta la desgracia.']],
  ]);
});

describe('titles and parentheses after abbreviations', () => {
  check([
    // "Sr." after a name is "senior", and may end the sentence
    [
      'La fundó Thomas J. Watson Sr. Ya entonces pensaba en grande.',
      ['La fundó Thomas J. Watson Sr.', 'Ya entonces pensaba en grande.'],
    ],
    ['Llamó al Sr. De la Rosa y a la Dra. Del Valle.', ['Llamó al Sr. De la Rosa y a la Dra. Del Valle.']],
    ['Vive en la Av. Los Leones, cerca del centro.', ['Vive en la Av. Los Leones, cerca del centro.']],
    // a title before an initial is a name
    [
      'La vecina, la Sra. B., de 71 años, vive sola desde enero.',
      ['La vecina, la Sra. B., de 71 años, vive sola desde enero.'],
    ],
    ['Lo operó el Dr. J. Pérez. Salió bien.', ['Lo operó el Dr. J. Pérez.', 'Salió bien.']],
    // after a lowercase word a title introduces a name, even one that looks like a Spanish word
    ['Ayer la Sra. Mas explicó el plan a los vecinos.', ['Ayer la Sra. Mas explicó el plan a los vecinos.']],
    ['Lo recibió la Sra. Luz Pérez. Luego cenaron.', ['Lo recibió la Sra. Luz Pérez.', 'Luego cenaron.']],
    // an acronym that spells a title ("Ms.") is still an acronym
    ['Los datos confirman el MS. Nadie lo pone en duda.', ['Los datos confirman el MS.', 'Nadie lo pone en duda.']],
    // an abbreviation joined to a word by a hyphen stays whole
    ['El comercio EE. UU.-China creció el año pasado.', ['El comercio EE. UU.-China creció el año pasado.']],
    ['La liga de los EE. UU. (NBA) suspendió la temporada.', ['La liga de los EE. UU. (NBA) suspendió la temporada.']],
    ['Vive en los EE. UU. (Texas). Su hermano, no.', ['Vive en los EE. UU. (Texas).', 'Su hermano, no.']],
    ['Jugó con el equipo (1. FC Colonia) dos años.', ['Jugó con el equipo (1. FC Colonia) dos años.']],
    // "nacido", "fallecido" opening a parenthesis
    ['Mary Sánchez (n. 23 de enero de 1985) es actriz.', ['Mary Sánchez (n. 23 de enero de 1985) es actriz.']],
    ['José Vallarta (f. Ciudad de México, 2004).', ['José Vallarta (f. Ciudad de México, 2004).']],
    // "v." is versus (or véase)
    ['Lo dijo en BMW v. Gore y en Hamdi v. Rumsfeld.', ['Lo dijo en BMW v. Gore y en Hamdi v. Rumsfeld.']],
    // a company suffix or a dotted acronym ends a name that a capitalized word may go on
    ['Lo distribuyó Warner Bros. Records en 2003.', ['Lo distribuyó Warner Bros. Records en 2003.']],
    ['Trabaja en Microsoft Corp. Su hermano, no.', ['Trabaja en Microsoft Corp.', 'Su hermano, no.']],
    ['Al final de Operación: M.A.L.I.C.I.A. Número 3 huyó.', ['Al final de Operación: M.A.L.I.C.I.A. Número 3 huyó.']],
    ['Lo aprobó la O.N.U. Después hubo protestas.', ['Lo aprobó la O.N.U.', 'Después hubo protestas.']],
    // the demonstrative pronouns written with an accent open sentences
    ['Llegó Juan Pérez Jr. Éste no dijo nada.', ['Llegó Juan Pérez Jr.', 'Éste no dijo nada.']],
    // so do adverbs in -mente, which are never names (but Clemente is)
    [
      'Lo expulsaron a Piquet Jr. Exactamente a las 8 llegó.',
      ['Lo expulsaron a Piquet Jr.', 'Exactamente a las 8 llegó.'],
    ],
    ['Tomó la vitamina C. Lamentablemente no sirvió.', ['Tomó la vitamina C.', 'Lamentablemente no sirvió.']],
    ['Lo firmó Juan Pérez Jr. Clemente lo leyó.', ['Lo firmó Juan Pérez Jr. Clemente lo leyó.']],
    // a title does not introduce a word that is never a name
    ['La tienda queda en la Av. Ésta abrió en mayo.', ['La tienda queda en la Av.', 'Ésta abrió en mayo.']],
    ['Lo atendió el Dr. Finalmente se curó.', ['Lo atendió el Dr.', 'Finalmente se curó.']],
    ['Vive en la Av. Los Leones, cerca del río.', ['Vive en la Av. Los Leones, cerca del río.']],
  ]);
});

// No sentence is a lone initial: after a finished sentence, a capital with a period opens the next one.
describe('an initial after a sentence end', () => {
  check([
    [
      'El tren salió tarde. B. Mientras tanto, llovía en la estación.',
      ['El tren salió tarde.', 'B. Mientras tanto, llovía en la estación.'],
    ],
    ['Lo dijo ayer. J. Pérez lo confirmó.', ['Lo dijo ayer.', 'J. Pérez lo confirmó.']],
    // an initial after a name still ends the sentence before a word that opens one
    ['Reinaba Felipe V. Luego llegó la paz.', ['Reinaba Felipe V.', 'Luego llegó la paz.']],
  ]);
});

// A sentence left without its final stop: a capitalized clitic or verb form right after a lowercase word.
describe('a missing final stop', () => {
  check([
    [
      'El museo abre todo el año Se cobra entrada los domingos.',
      ['El museo abre todo el año', 'Se cobra entrada los domingos.'],
    ],
    [
      'Vimos las ruinas del castillo Fue construido en 1200.',
      ['Vimos las ruinas del castillo', 'Fue construido en 1200.'],
    ],
    // a name, an English title or a bracket before it: the sentence goes on
    ['Lo dijo la Sra. Ha ayer por la tarde.', ['Lo dijo la Sra. Ha ayer por la tarde.']],
    ['Vio la película "Call Me by Your Name" en casa.', ['Vio la película "Call Me by Your Name" en casa.']],
    ['El programa de la radio (Chile) Se oye los lunes.', ['El programa de la radio (Chile) Se oye los lunes.']],
    ['La dinastía Han fue larga.', ['La dinastía Han fue larga.']],
  ]);
});

// Spanish writes a lowercase word after a semicolon: a capitalized word that opens sentences shows a new one.
describe('semicolons', () => {
  check([
    ['El libro salió en 1535; De esta manera, se vendió.', ['El libro salió en 1535;', 'De esta manera, se vendió.']],
    ['Murió en 1242; Ambas hijas heredaron.', ['Murió en 1242;', 'Ambas hijas heredaron.']],
    ['No es constante; Los temas varían.', ['No es constante;', 'Los temas varían.']],
    ['Es complicada; ¿Cómo se hace?', ['Es complicada;', '¿Cómo se hace?']],
    // names and lowercase words after a semicolon stay in the sentence
    ['Visitó Riga; Vilnius, Tallin y Sofía.', ['Visitó Riga; Vilnius, Tallin y Sofía.']],
    ['Ganó en 2010; El Salvador, en 2011.', ['Ganó en 2010; El Salvador, en 2011.']],
    ['Llamó a Luis; De la Rúa no contestó.', ['Llamó a Luis; De la Rúa no contestó.']],
    ['Era tarde; la gente se fue.', ['Era tarde; la gente se fue.']],
    // any capitalized word followed by a lowercase one opens a clause of its own; a list of names does not
    ['Llovió toda la semana; Marta salió igual.', ['Llovió toda la semana;', 'Marta salió igual.']],
    ['Hubo tres ganadores; Ana, Luis y Eva.', ['Hubo tres ganadores; Ana, Luis y Eva.']],
    ['Fueron a Lima; Quito y Bogotá.', ['Fueron a Lima; Quito y Bogotá.']],
  ]);
});

describe('ordinals', () => {
  check([
    ['Vive en el 3.º B y su hermana en la 2.ª planta.', ['Vive en el 3.º B y su hermana en la 2.ª planta.']],
    ['El N.º 5 y el n.º 6 llegaron el 1.º de mayo.', ['El N.º 5 y el n.º 6 llegaron el 1.º de mayo.']],
    ['Quedó en el puesto 4.º. Mañana corre otra vez.', ['Quedó en el puesto 4.º.', 'Mañana corre otra vez.']],
  ]);
});

describe('numbers', () => {
  check([
    [
      'La inflación fue del 3,5 % y el paro afectó a 15.000 personas. El Gobierno lo celebró.',
      ['La inflación fue del 3,5 % y el paro afectó a 15.000 personas.', 'El Gobierno lo celebró.'],
    ],
    ['El piso cuesta $170.500.000,00 y mide 1.5 hectáreas.', ['El piso cuesta $170.500.000,00 y mide 1.5 hectáreas.']],
    // a number ends a sentence even when a number starts the next
    ['Uno más uno son 2. 3 más 3 son 6.', ['Uno más uno son 2.', '3 más 3 son 6.']],
    ['El gasto creció en 2023. 400 empresas cerraron.', ['El gasto creció en 2023.', '400 empresas cerraron.']],
  ]);
});

describe('ellipses', () => {
  check([
    ['Esperó... y esperó. Nadie vino.', ['Esperó... y esperó.', 'Nadie vino.']],
    ['No sé… Quizá mañana.', ['No sé…', 'Quizá mañana.']],
    ['No sé… quizá mañana.', ['No sé… quizá mañana.']],
    ['Pensó en ello... Luego se durmió.', ['Pensó en ello...', 'Luego se durmió.']],
    ['Y entonces... ¿qué pasó?', ['Y entonces... ¿qué pasó?']],
    ['Y entonces... ¿Qué pasó?', ['Y entonces...', '¿Qué pasó?']],
    [
      'Citó el verso «en un lugar de la Mancha [...] no ha mucho tiempo» de memoria.',
      ['Citó el verso «en un lugar de la Mancha [...] no ha mucho tiempo» de memoria.'],
    ],
  ]);
});

// No sentence ends on a preposition, an article or a possessive: an ellipsis after one holds the next word in suspense.
describe('an ellipsis after a word no sentence ends on', () => {
  check([
    [
      'El tren salió por fin hacia... Sevilla, con dos horas de retraso.',
      ['El tren salió por fin hacia... Sevilla, con dos horas de retraso.'],
    ],
    ['Y el premio es para… Marta.', ['Y el premio es para… Marta.']],
    ['Lo dejé en el ... Ayuntamiento, creo.', ['Lo dejé en el ... Ayuntamiento, creo.']],
    ['Se lo dio a su... Tía Rosa no lo supo nunca.', ['Se lo dio a su... Tía Rosa no lo supo nunca.']],
    // a word that opens sentences, or an opening ¿ ¡ «, still starts one: the speaker broke off
    ['Quería ir a... Luego cambié de idea.', ['Quería ir a...', 'Luego cambié de idea.']],
    ['Pensaba en la... ¿Me escuchas?', ['Pensaba en la...', '¿Me escuchas?']],
    // after any other word the ellipsis ends a sentence before a capital, as before
    ['Lo pensó mucho... Marta no dijo nada.', ['Lo pensó mucho...', 'Marta no dijo nada.']],
  ]);
});

// Spanish opens an exclamation with ¡: a capitalized word with ! and no ¡ before it is a name written with its !.
describe('a name written with an exclamation mark', () => {
  check([
    ['La agencia Go! Viajes abrió en marzo.', ['La agencia Go! Viajes abrió en marzo.']],
    ['Trabajó diez años en Yahoo! Iberia antes de irse.', ['Trabajó diez años en Yahoo! Iberia antes de irse.']],
    // with its ¡, or before a word that opens sentences, it is an exclamation that ends the sentence
    ['¡Hola, Marta! Pedro te espera abajo.', ['¡Hola, Marta!', 'Pedro te espera abajo.']],
    ['Ganó Nadal! Después vino la fiesta.', ['Ganó Nadal!', 'Después vino la fiesta.']],
    ['Llegaron los Reyes! ¿Los viste?', ['Llegaron los Reyes!', '¿Los viste?']],
    // a period inside the exclamation (an abbreviation, an ellipsis) does not hide its ¡
    ['¡Gracias, Dr. Gil! Marta te espera.', ['¡Gracias, Dr. Gil!', 'Marta te espera.']],
    ['¡Se fue a... la casa de Pedro! Juan lo sabe.', ['¡Se fue a... la casa de Pedro!', 'Juan lo sabe.']],
    // a ! before it closes an exclamation of its own
    ['¡Hola! Trabajo en Go! Viajes desde mayo.', ['¡Hola!', 'Trabajo en Go! Viajes desde mayo.']],
  ]);
});

describe('URLs and e-mail addresses', () => {
  check([
    [
      'Visite https://www.ejemplo.es/ayuda?tema=1. Allí encontrará más información.',
      ['Visite https://www.ejemplo.es/ayuda?tema=1.', 'Allí encontrará más información.'],
    ],
    [
      'Consulte https://ejemplo.es/a?b=C.D!E antes de firmar.',
      ['Consulte https://ejemplo.es/a?b=C.D!E antes de firmar.'],
    ],
    ['Escriba a soporte@ejemplo.com.ar para más detalles.', ['Escriba a soporte@ejemplo.com.ar para más detalles.']],
    ['La web es www.ejemplo.es. Entre y regístrese.', ['La web es www.ejemplo.es.', 'Entre y regístrese.']],
  ]);
});

describe('list numbering', () => {
  check([
    [
      'Los pasos son: 1. Mezclar la harina. 2. Añadir agua.',
      ['Los pasos son: 1. Mezclar la harina.', '2. Añadir agua.'],
    ],
    ['Ingredientes:\n1. Harina\n2. Agua', ['Ingredientes:', '1. Harina', '2. Agua']],
    ['• Primero\n• Segundo', ['• Primero', '• Segundo']],
    ['3. Conclusiones del estudio', ['3. Conclusiones del estudio']],
    ['- 1. Primero\n- 2. Segundo', ['- 1. Primero', '- 2. Segundo']],
    // mid-line, a spaced hyphen is punctuation and the number after it may end the sentence
    ['Está en el cantón de Dijon - 1. Su humor es raro.', ['Está en el cantón de Dijon - 1.', 'Su humor es raro.']],
  ]);
});

describe('line breaks inside a paragraph', () => {
  check([
    // hard wrapping is undone
    [
      'Era un hidalgo de los\nde lanza en astillero. Tenía\nuna ama.',
      ['Era un hidalgo de los de lanza en astillero.', 'Tenía una ama.'],
    ],
    ['Señores:\nLes escribo para confirmar la reserva.', ['Señores:', 'Les escribo para confirmar la reserva.']],
    ['Primer párrafo sin punto\n\nSegundo párrafo', ['Primer párrafo sin punto', 'Segundo párrafo']],
    ['—¿Vienes?\n—No puedo.', ['—¿Vienes?', '—No puedo.']],
    ['Fin del capítulo.\n* * *\nOtro día', ['Fin del capítulo.', '* * *', 'Otro día']],
  ]);
});

describe('edge cases', () => {
  check([
    ['', []],
    ['   \n\t ', []],
    ['Hola', ['Hola']],
    ['  Una frase con espacios alrededor.  ', ['Una frase con espacios alrededor.']],
    ['Palabras   separadas.  Dos   espacios.', ['Palabras   separadas.', 'Dos   espacios.']],
  ]);
});
