import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin } from '../events/outbox.js';

export interface OrganizationDoc {
  _id: string; // org_…
  name: string;
  apiAccessEnabled: boolean;
  /** SecretBox-sealed `whsec_` secret, bound to the org id; null until API access is turned on. */
  webhookSecretSealed: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const organizationSchema = new Schema<OrganizationDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    apiAccessEnabled: { type: Boolean, required: true, default: false },
    webhookSecretSealed: { type: String, default: null },
  },
  { timestamps: true, versionKey: false, collection: 'organizations' },
);

// Changes carry their events (src/events/outbox.ts).
organizationSchema.plugin(outboxPlugin);

export type OrganizationModel = Model<OrganizationDoc>;

export function organizationModel(conn: Connection): OrganizationModel {
  return conn.model<OrganizationDoc>('Organization', organizationSchema);
}
