import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ApiKey, KeyAccess } from './api-key.type.js';

@InputType()
export class MintKeyInput {
  @Field(() => ID)
  orgId!: string;

  @Field(() => String, {
    description:
      '1..100 characters after trimming; no control characters, invisible format characters (bidirectional controls, zero-width characters) or lone surrogates.',
  })
  name!: string;

  @Field(() => KeyAccess, { nullable: true, defaultValue: KeyAccess.FULL_ACCESS })
  access?: KeyAccess | null;

  @Field(() => Date, { nullable: true, description: 'Must be in the future.' })
  expiresAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description: '1..1000000; default from configuration: 120 READ_ONLY, 20 FULL_ACCESS.',
  })
  rateLimitPerMinute?: number | null;
}

@ObjectType()
export class MintKeyPayload {
  @Field(() => String, { description: 'The sk_live_ secret. Shown once: Keyhold keeps only its hash.' })
  secret!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}
