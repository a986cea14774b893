import 'reflect-metadata';
import { DateTimeResolver } from 'graphql-scalars';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
// Import order is declaration order: type-graphql lists fields as their decorators ran, and
// this order prints Query and Mutation in the contract's order.
import { OrganizationResolver } from '../organizations/organization.resolver.js';
import { SignupResolver } from '../signup/signup.resolver.js';
import { KeyResolver } from '../keys/key.resolver.js';
import { OrganizationKeysResolver } from '../keys/organization-keys.resolver.js';

let built: Promise<GraphQLSchema> | undefined;

/** The schema is the same for every app in a process; build it once. */
export function keyholdSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [OrganizationResolver, KeyResolver, OrganizationKeysResolver, SignupResolver],
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
    validate: false,
  });
  return built;
}

/** The SDL committed as schema/schema.graphql. */
export async function keyholdSdl(): Promise<string> {
  return `${printSchema(await keyholdSchema())}\n`;
}
