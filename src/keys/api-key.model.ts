import { Schema, type Connection, type Model } from 'mongoose';
import { outboxPlugin } from '../events/outbox.js';
import { KEY_ACCESS, type KeyAccessValue } from '../core/key-record.js';

export interface ApiKeyDoc {
  _id: string; // key_…
  orgId: string;
  name: string;
  prefix: string;
  /** sha256(secret), lowercase hex: the only form of the secret Keyhold keeps. */
  hash: string;
  access: KeyAccessValue;
  rateLimitPerMinute: number;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true },
    orgId: { type: String, required: true },
    name: { type: String, required: true },
    prefix: { type: String, required: true },
    hash: { type: String, required: true },
    access: { type: String, required: true, enum: KEY_ACCESS },
    rateLimitPerMinute: { type: Number, required: true, min: 1, max: 1_000_000 },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
    lastUsedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'api_keys' },
);
apiKeySchema.index({ hash: 1 }, { unique: true });
apiKeySchema.index({ orgId: 1, createdAt: -1 });

// Changes carry their events (src/events/outbox.ts).
apiKeySchema.plugin(outboxPlugin);

export type ApiKeyModel = Model<ApiKeyDoc>;

export function apiKeyModel(conn: Connection): ApiKeyModel {
  return conn.model<ApiKeyDoc>('ApiKey', apiKeySchema);
}
