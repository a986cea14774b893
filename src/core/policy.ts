import { fail, ok, type Result } from './errors.js';
import type { Actor, Principal } from './principal.js';
import type { OrgRole } from './roles.js';

const MANAGERS = ['OWNER', 'ADMIN'] as const satisfies readonly OrgRole[];
const MEMBERS = ['OWNER', 'ADMIN', 'MEMBER'] as const satisfies readonly OrgRole[];

/**
 * Who may do an operation. Anonymous callers never may (MISSING_CREDENTIAL).
 * - `user`, a person signed in with Firebase: `'signed-in'`, any person (no organization is
 *   involved); or the roles that may, in the target organization. A non-member is answered
 *   NOT_FOUND, as if the organization did not exist, so ids cannot be probed; a member with
 *   another role ROLE_TOO_LOW.
 * - `apiKey`: `'any'` valid key; `'own-org'`, a key of the target organization, which acts there
 *   as a MEMBER (a key of another organization is answered NOT_FOUND); or `'refused'`
 *   (FIREBASE_ONLY: keys cannot change anything that people manage).
 */
export interface Rule {
  readonly user: 'signed-in' | readonly OrgRole[];
  readonly apiKey: 'any' | 'own-org' | 'refused';
}

/**
 * The policy table: every operation a service performs for a caller, and who may. A new
 * operation is one row here and one `authorize` call in its service; the authorization-matrix
 * test fails until it has a row for it too.
 */
export const POLICY = {
  'org.create': { user: 'signed-in', apiKey: 'refused' },
  'org.enableApi': { user: MANAGERS, apiKey: 'refused' },
  'org.list': { user: 'signed-in', apiKey: 'any' },
  'org.read': { user: MEMBERS, apiKey: 'own-org' },
  'key.list': { user: MEMBERS, apiKey: 'own-org' },
  'key.current': { user: 'signed-in', apiKey: 'any' },
  'key.mint': { user: MANAGERS, apiKey: 'refused' },
  'key.revoke': { user: MANAGERS, apiKey: 'refused' },
} as const satisfies Record<string, Rule>;

export type Operation = keyof typeof POLICY;
export const OPERATIONS = Object.freeze(Object.keys(POLICY) as Operation[]);

/** The target organization, as the policy sees it. */
export interface OrgAccess {
  readonly orgId: string;
  /** The calling person's role there: null when they are not a member (or it does not exist). */
  readonly role: OrgRole | null;
}

/** What an allowed call may act as. */
export interface Grant {
  readonly actor: Actor;
  /** The caller's role in the target organization (MEMBER for a key of it); null without one. */
  readonly role: OrgRole | null;
}

/**
 * The one decision of who may do what. Without `org` it decides what the caller's kind alone
 * decides, with no I/O: services ask it first, before reading anything (an anonymous caller or a
 * key is refused the same way whatever id it sent). With `org` it decides the whole rule; for an
 * organization-scoped operation that second call is what grants it (OrganizationService.authorize
 * makes both, reading the caller's membership in between).
 */
export function authorize(ctx: { readonly principal: Principal }, op: Operation, org?: OrgAccess): Result<Grant> {
  const rule: Rule = POLICY[op];
  const p = ctx.principal;
  switch (p.kind) {
    case 'anonymous':
      return fail('MISSING_CREDENTIAL');
    case 'apiKey': {
      if (rule.apiKey === 'refused') return fail('FIREBASE_ONLY');
      const actor: Actor = { type: 'apiKey', id: p.key.id };
      const ownOrg = org !== undefined && p.key.orgId === org.orgId;
      if (org !== undefined && rule.apiKey === 'own-org' && !ownOrg) return fail('NOT_FOUND');
      return ok({ actor, role: ownOrg ? 'MEMBER' : null });
    }
    case 'user': {
      const actor: Actor = { type: 'user', id: p.uid };
      if (org === undefined || rule.user === 'signed-in') return ok({ actor, role: org?.role ?? null });
      if (org.role === null) return fail('NOT_FOUND');
      if (rule.user.includes(org.role)) return ok({ actor, role: org.role });
      return fail('ROLE_TOO_LOW', rule.user === MANAGERS ? {} : { detail: `Only ${rule.user.join(' or ')} of the organization can do that.` });
    }
  }
}
