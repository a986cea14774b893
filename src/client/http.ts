// Small HTTP helpers shared by the client and the verify middleware (no dependencies).

/** `http://host/base` + `verify` → `http://host/base/verify`: Keyhold may sit under a path prefix. */
export function joinPath(base: string, path: string): string {
  const u = new URL(base);
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${path}`;
  u.search = '';
  u.hash = '';
  return u.toString();
}

/** One line a person can act on: refused connection, unknown host, timeout. Never echoes a credential. */
export function describeFetchFailure(err: unknown, url: string, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string } } | undefined;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `Keyhold at ${url} did not answer within ${timeoutMs} ms.`;
  const code = e?.cause?.code;
  const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' ? 'unknown host' : (code ?? 'network error');
  return `Cannot reach Keyhold at ${url} (${why}).`;
}
