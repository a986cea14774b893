/**
 * Per-operation DataLoaders, made on first use. A feature defines a loader as a function of its
 * services (`(s: { keys: KeyService }) => new DataLoader(…)`), and resolvers ask for it by that
 * function: `ctx.loaders.get(keysByOrg).load(orgId)`. Batching and caching last one operation.
 */
export class RequestLoaders<S> {
  private readonly made = new Map<unknown, unknown>();

  constructor(private readonly services: S) {}

  get<T>(make: (services: S) => T): T {
    let loader = this.made.get(make) as T | undefined;
    if (loader === undefined) {
      loader = make(this.services);
      this.made.set(make, loader);
    }
    return loader;
  }
}
