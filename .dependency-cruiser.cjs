// Which way the arrows go in src/ (README, "Layout"): edges -> features -> core, never back.
// npm run lint runs these rules twice: over files, and over folders (collapsed), so that a cycle
// between two folders is caught even when no two files form one. Type-only imports count.
const FEATURES = 'auth|events|keys|organizations|signup';
const INFRA = 'config|logging|db|secrets|embedded-db';
const AREAS = 'verify|health|docs|pages|dashboard';
const EDGE_FILE = '[.](resolver|type|input|plugin)[.]ts$';
const TOOLS = 'cli|client|middleware';
const TRANSPORT = 'node_modules/(graphql|type-graphql|fastify|fastify-plugin|@fastify|@apollo|@as-integrations|@escape[.]tech|dataloader|graphql-[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import cycles, between files or between folders.', from: {}, to: { circular: true } },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'src/core imports node built-ins and itself only: a CLI or an SDK can use it without a transport or a database.',
      from: { path: '^src/core/' },
      to: { pathNot: '^src/core/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'tools-use-only-the-core',
      severity: 'error',
      comment: 'The CLI, the typed client and the verify middleware ship to other services: they import the core and each other, never the server.',
      from: { path: `^src/(${TOOLS})/` },
      to: { path: '^src/', pathNot: `^src/(core|${TOOLS})/` },
    },
    {
      name: 'tools-carry-no-server-library',
      severity: 'error',
      comment: 'What the tools may load from npm: commander (the CLI), fastify and fastify-plugin (keyhold/fastify only), and the typed-document type.',
      from: { path: `^src/(${TOOLS})/` },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(commander|fastify|fastify-plugin|@graphql-typed-document-node/core)/',
      },
    },
    {
      name: 'only-keyhold-fastify-loads-fastify',
      severity: 'error',
      comment: 'keyhold/express, keyhold/verify and keyhold/client must work in a service without fastify.',
      from: { path: `^src/(${TOOLS})/`, pathNot: '^src/middleware/fastify[.]ts$' },
      to: { path: 'node_modules/(fastify|fastify-plugin)/' },
    },
    {
      name: 'infra-knows-no-feature',
      severity: 'error',
      comment: 'Shared mechanisms (configuration, logging, the database, secrets) are below the features and the edges.',
      from: { path: `^src/(${INFRA})/` },
      to: { path: `^src/(${FEATURES}|http|graphql|${AREAS}|app)/` },
    },
    {
      name: 'services-know-no-edge',
      severity: 'error',
      comment: "A feature's services and models never import an edge (resolvers, GraphQL or HTTP kits, area plugins, the app) or a transport library.",
      from: { path: `^src/(${FEATURES})/`, pathNot: EDGE_FILE },
      to: { path: [`^src/(http|graphql|${AREAS}|app)/`, EDGE_FILE, TRANSPORT] },
    },
    {
      name: 'edge-kits-know-no-feature',
      severity: 'error',
      comment: 'src/http and src/graphql are kits the edges use; features plug into them, never the other way.',
      from: { path: '^src/(http|graphql)/' },
      to: { path: `^src/(${FEATURES}|${AREAS}|app)/` },
    },
    {
      name: 'areas-are-leaves',
      severity: 'error',
      comment: 'Only the app composes the area plugins (verify, health, docs, pages, dashboard).',
      from: { path: '^src/([^/]+)/', pathNot: '^src/app/' },
      to: { path: `^src/(${AREAS})/`, pathNot: '^src/$1/' },
    },
    {
      name: 'embedded-db-only-when-used',
      severity: 'error',
      comment: 'The embedded database is loaded by a dynamic import when MONGODB_URI is unset, so a production start never loads it.',
      from: { path: '^src/', pathNot: '^src/embedded-db/' },
      to: { path: '^src/embedded-db/', dependencyTypesNot: ['dynamic-import', 'type-only'] },
    },
    {
      name: 'nothing-imports-the-app',
      severity: 'error',
      comment: 'src/app is the composition root: only the entry point imports it.',
      from: { path: '^src/', pathNot: ['^src/app/', '^src/server[.]ts$'] },
      to: { path: '^src/app/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
