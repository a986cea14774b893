// keyhold/verify: the framework-free verifier behind keyhold/fastify and keyhold/express, for
// any other framework: `const decision = await verifier.check(req)`.
export { createVerifier, type Decision, type GuardedRequest, type KeyholdKey, type Refusal, type Verifier, type VerifyOptions } from './verifier.js';
export { sendRefusal } from './respond.js';
