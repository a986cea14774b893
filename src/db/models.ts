import type { Connection } from 'mongoose';
import { apiKeyModel, type ApiKeyModel } from '../keys/api-key.model.js';
import { membershipModel, type MembershipModel } from '../organizations/membership.model.js';
import { organizationModel, type OrganizationModel } from '../organizations/organization.model.js';

export interface Models {
  readonly organizations: OrganizationModel;
  readonly memberships: MembershipModel;
  readonly apiKeys: ApiKeyModel;
}

export function createModels(conn: Connection): Models {
  return Object.freeze({
    organizations: organizationModel(conn),
    memberships: membershipModel(conn),
    apiKeys: apiKeyModel(conn),
  });
}
