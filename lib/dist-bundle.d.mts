/** The bundle dist/<name> under root, and whether it is newer than all its sources; null when it is not there. */
export function distBundle(root: string, name: string): { file: string; fresh: boolean } | null;
/** Whether tsx (a dev dependency) is installed under root, to run TypeScript sources without a build. */
export function hasTsx(root: string): boolean;
