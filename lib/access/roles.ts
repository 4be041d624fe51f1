/**
 * Who may do what: the four roles, each with everything the one before may do. Pure: the doors (route handlers,
 * pages, the CLI against a server) ask `can(role, action)`; no other file decides a permission.
 */

export const ROLES = ['reader', 'translator', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Everything a request can ask for. Opening a document starts (or joins) its machine translation, so `translate`
 * belongs to reading; cancelling someone's running job does not.
 */
export type Action =
  | 'read'
  | 'export'
  | 'translate'
  | 'cancelTranslation'
  | 'edit'
  | 'takeSuggestion'
  | 'importTranslation'
  | 'realign'
  | 'ignoreFinding'
  | 'editGlossary'
  | 'approve'
  | 'importDocument'
  | 'deleteDocument'
  | 'importMemory'
  | 'manageUsers';

/** The least role each action needs. */
const LEAST_ROLE: Record<Action, Role> = {
  read: 'reader',
  export: 'reader',
  translate: 'reader',
  cancelTranslation: 'translator',
  edit: 'translator',
  takeSuggestion: 'translator',
  importTranslation: 'translator',
  realign: 'translator',
  ignoreFinding: 'translator',
  editGlossary: 'translator',
  approve: 'reviewer',
  importDocument: 'admin',
  deleteDocument: 'admin',
  importMemory: 'admin',
  manageUsers: 'admin',
};

/** True for one of the four role names. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a role may do an action (each role includes the ones below it). */
export function can(role: Role, action: Action): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(LEAST_ROLE[action]);
}

/** The least role an action needs (for messages that say whom to ask). */
export function leastRoleFor(action: Action): Role {
  return LEAST_ROLE[action];
}
