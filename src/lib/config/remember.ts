// `npm start` loads most modules twice in one process: from source in scripts/start.ts, and bundled in
// the server. Module-level state would then exist twice (the start would render and index for nothing),
// so process-wide state lives on globalThis under one well-known symbol per name.
const registry = globalThis as typeof globalThis & Record<symbol, unknown>;

/** The process's one `name` value: created by `create` on first use, the same object ever after. */
export function remember<T>(name: string, create: () => T): T {
  const key = Symbol.for(`fixpoint.${name}`);
  if (!(key in registry)) registry[key] = create();
  return registry[key] as T;
}

/** The process's `name` value if something remembered it already; unlike `remember`, never creates it. */
export function recall<T>(name: string): T | undefined {
  return registry[Symbol.for(`fixpoint.${name}`)] as T | undefined;
}
