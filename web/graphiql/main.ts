// GraphiQL, bundled and served by Keyhold itself (no CDN), at GET /graphql in a browser.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { headerFreeStorage } from './header-free-storage.js';

const DEFAULT_QUERY = `# Keyhold's GraphQL API. Credentials go in Headers, below:
#   {"Authorization": "Bearer sk_live_…"}
#     an API key: read-only queries, such as currentKey
#   {"Authorization": "Bearer <Firebase ID token>"}
#     a person: signup, mintKey, revokeKey
# Headers are never saved in the browser. Run: Ctrl-Enter.

query CurrentKey {
  currentKey {
    id
    name
    access
    status
    expiresAt
  }
}
`;

const fetcher = createGraphiQLFetcher({ url: '/graphql' });
const root = document.getElementById('graphiql');
if (root) {
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher,
      defaultQuery: DEFAULT_QUERY,
      defaultEditorToolsVisibility: 'headers',
      // Headers carry API keys and ID tokens: never write them to localStorage.
      shouldPersistHeaders: false,
      storage: headerFreeStorage(localStorage),
    }),
  );
}
