/**
 * Ports of the e2e servers. PARALELO_E2E_PORT moves them all (two checkouts testing on one machine at once);
 * the default is 3100: with model 3100, without model 3101, durability 3102, the team test 3110 and 3111.
 */
const BASE = Number(process.env.PARALELO_E2E_PORT ?? '3100');

export const PORT_WITH_MODEL = BASE;
export const PORT_WITHOUT_MODEL = BASE + 1;
export const PORT_DURABILITY = BASE + 2;
/** The attacker's page (another origin), a server with accounts on, and `npm start` checked for its address. */
export const PORT_ATTACKER = BASE + 5;
export const PORT_ACCOUNTS = BASE + 3;
export const PORT_NPM_START = BASE + 6;
/** The team test's two web instances on one PostgreSQL (playwright.team.config.ts). */
export const PORT_TEAM_A = BASE + 10;
export const PORT_TEAM_B = BASE + 11;
