import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { keyStatus, type KeyRecord } from '../core/key-record.js';

export enum KeyAccess {
  FULL_ACCESS = 'FULL_ACCESS',
  READ_ONLY = 'READ_ONLY',
}
registerEnumType(KeyAccess, {
  name: 'KeyAccess',
  description: 'What a key may do: READ_ONLY keys are held to GET, HEAD and OPTIONS at /verify.',
});

export enum KeyStatus {
  ACTIVE = 'ACTIVE',
  REVOKED = 'REVOKED',
  EXPIRED = 'EXPIRED',
}
registerEnumType(KeyStatus, { name: 'KeyStatus', description: 'Derived: EXPIRED once expiresAt has passed.' });

@ObjectType({ description: 'An API key. Never carries its secret: that is shown once, when minted.' })
export class ApiKey {
  @Field(() => ID, { description: 'Public id (key_…), safe to log.' })
  id!: string;

  @Field(() => ID)
  orgId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The first 12 characters of the secret (sk_live_Ab3x), for telling keys apart.' })
  prefix!: string;

  @Field(() => KeyAccess)
  access!: KeyAccess;

  @Field(() => KeyStatus)
  status!: KeyStatus;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'Refreshed by successful use, at most about once a minute.' })
  lastUsedAt!: Date | null;

  @Field(() => Int)
  rateLimitPerMinute!: number;

  @Field(() => String, { description: 'Firebase uid of the person who minted it.' })
  createdBy!: string;

  static from(key: KeyRecord, nowMs: number): ApiKey {
    return Object.assign(new ApiKey(), key, {
      access: key.access as KeyAccess,
      status: keyStatus(key, nowMs) as KeyStatus,
    });
  }
}
