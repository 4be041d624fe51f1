/**
 * Ports of the e2e servers. PARALELO_E2E_PORT moves them all (two checkouts testing on one machine at once);
 * the default is 3100: with model 3100, without model 3101, durability 3102.
 */
const BASE = Number(process.env.PARALELO_E2E_PORT ?? '3100');

export const PORT_WITH_MODEL = BASE;
export const PORT_WITHOUT_MODEL = BASE + 1;
export const PORT_DURABILITY = BASE + 2;
