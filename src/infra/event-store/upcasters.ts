/** Turns the data of one schema version of an event type into the next version's shape. */
export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * Events are immutable, but their shapes evolve: each type declares its current schema version
 * and one upcaster per older version; reads always see the current shape.
 */
export class UpcasterRegistry {
  private readonly chains = new Map<string, Map<number, Upcaster>>();

  /** Registers how `type` at `fromVersion` becomes `fromVersion + 1`. */
  register(type: string, fromVersion: number, upcast: Upcaster): this {
    const chain = this.chains.get(type) ?? new Map<number, Upcaster>();
    if (chain.has(fromVersion)) throw new Error(`Upcaster for ${type} v${fromVersion} registered twice`);
    chain.set(fromVersion, upcast);
    this.chains.set(type, chain);
    return this;
  }

  /** The version new events of `type` are written with. */
  currentVersion(type: string): number {
    const chain = this.chains.get(type);
    return chain ? Math.max(...chain.keys()) + 1 : 1;
  }

  upcast(type: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    const chain = this.chains.get(type);
    let version = schemaVersion;
    let current = data as Record<string, unknown>;
    for (let step = chain?.get(version); step; step = chain?.get(version)) {
      current = step(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
