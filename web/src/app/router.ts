// Hash routes: the page works from any static path, and ids in the URL are public (org_…),
// never a secret.
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { readonly page: 'organizations' }
  | { readonly page: 'signup' }
  | { readonly page: 'organization'; readonly orgId: string; readonly section: string; readonly params: URLSearchParams }
  | { readonly page: 'not-found' };

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { page: 'organizations' };
  if (parts.length === 1 && parts[0] === 'signup') return { page: 'signup' };
  if (parts[0] === 'orgs' && parts[1] && parts.length <= 3) {
    return { page: 'organization', orgId: parts[1], section: parts[2] ?? 'keys', params: new URLSearchParams(query) };
  }
  return { page: 'not-found' };
}

export const paths = {
  organizations: () => '#/',
  signup: () => '#/signup',
  organization: (orgId: string, section = 'keys', params?: Record<string, string>) => {
    const query = params && Object.keys(params).length > 0 ? `?${new URLSearchParams(params)}` : '';
    return `#/orgs/${encodeURIComponent(orgId)}/${section}${query}`;
  },
};

export function navigate(hash: string): void {
  if (location.hash !== hash) location.hash = hash;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
