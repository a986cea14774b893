import { isBase62, randomBase62 } from './base62.js';

/** Every public id is one of these prefixes and 20 base62 characters: safe to log, never secret. */
export const ID_PREFIXES = {
  org: 'org_',
  key: 'key_',
  project: 'prj_',
  invitation: 'inv_',
  webhookEndpoint: 'whe_',
  webhookMessage: 'msg_',
  auditEvent: 'evt_',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

export const ORG_ID_PREFIX = ID_PREFIXES.org;
export const KEY_ID_PREFIX = ID_PREFIXES.key;
// 20 base62 characters ≈ 119 bits: collisions are not a practical concern, and ids stay
// unguessable so probing for other organizations' resources gains nothing.
const ID_RANDOM_LENGTH = 20;

export function newId(kind: IdKind): string {
  return ID_PREFIXES[kind] + randomBase62(ID_RANDOM_LENGTH);
}

// Takes `unknown` because ids arrive from GraphQL arguments and JSON bodies: anything that is
// not exactly this shape (an object like {"$gt":""}, a padded string) never reaches a query.
export function isId(kind: IdKind, value: unknown): value is string {
  const prefix = ID_PREFIXES[kind];
  return typeof value === 'string' && value.length === prefix.length + ID_RANDOM_LENGTH && value.startsWith(prefix) && isBase62(value, prefix.length);
}

export const newOrgId = (): string => newId('org');
export const newKeyId = (): string => newId('key');
export const newProjectId = (): string => newId('project');
export const newInvitationId = (): string => newId('invitation');
export const newWebhookEndpointId = (): string => newId('webhookEndpoint');
export const newWebhookMessageId = (): string => newId('webhookMessage');
export const newAuditEventId = (): string => newId('auditEvent');

export const isOrgId = (value: unknown): value is string => isId('org', value);
export const isKeyId = (value: unknown): value is string => isId('key', value);
export const isProjectId = (value: unknown): value is string => isId('project', value);
export const isInvitationId = (value: unknown): value is string => isId('invitation', value);
export const isWebhookEndpointId = (value: unknown): value is string => isId('webhookEndpoint', value);
export const isWebhookMessageId = (value: unknown): value is string => isId('webhookMessage', value);
export const isAuditEventId = (value: unknown): value is string => isId('auditEvent', value);
