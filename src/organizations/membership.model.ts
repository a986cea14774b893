import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin } from '../events/outbox.js';
import { ORG_ROLES, type OrgRole } from '../core/roles.js';

export interface MembershipDoc {
  orgId: string;
  uid: string; // Firebase uid
  role: OrgRole;
  createdAt: Date;
}

const membershipSchema = new Schema<MembershipDoc>(
  {
    orgId: { type: String, required: true },
    uid: { type: String, required: true },
    role: { type: String, required: true, enum: ORG_ROLES },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false, collection: 'memberships' },
);
// One membership per person and org: concurrent signups on the same org cannot duplicate it.
membershipSchema.index({ orgId: 1, uid: 1 }, { unique: true });
membershipSchema.index({ uid: 1, createdAt: 1 });

// Changes carry their events (src/events/outbox.ts).
membershipSchema.plugin(outboxPlugin);

export type MembershipModel = Model<MembershipDoc>;

export function membershipModel(conn: Connection): MembershipModel {
  return conn.model<MembershipDoc>('Membership', membershipSchema);
}
