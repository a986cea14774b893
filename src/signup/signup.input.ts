import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { ApiKey } from '../keys/api-key.type.js';

@InputType({ description: 'Exactly one of orgName and existingOrgId.' })
export class SignupInput {
  @Field(() => String, { nullable: true, description: 'Creates an organization with you as OWNER; rules as MintKeyInput.name.' })
  orgName?: string | null;

  @Field(() => ID, { nullable: true, description: 'Turns API access on for an organization you own or administer.' })
  existingOrgId?: string | null;
}

@ObjectType()
export class SignupPayload {
  @Field(() => ID)
  orgId!: string;

  @Field(() => String, { description: 'The sk_live_ API key. Shown once: Keyhold keeps only its hash.' })
  secret!: string;

  @Field(() => String, {
    description:
      "The organization's whsec_ webhook signing secret: the same on every signup for this organization, kept encrypted at rest. Treat it as a secret.",
  })
  webhookSecret!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}
