/**
 * A client that loads itself on first use. `imagegen mcp` answers `initialize` and `tools/list`
 * without the HTTP stack (src/core/client.ts with undici is most of the CLI's start-up cost); the
 * first tool call loads and builds the real client through `load` and every later call reuses it.
 */
import type { NemoClientApi } from "../core/api";

/**
 * Every NemoClientApi member is an async method, so each one can wait for `load` first. A failing
 * `load` (e.g. a malformed proxy setting) rejects that call and is tried again on the next.
 */
export function lazyClient(load: () => Promise<NemoClientApi>): NemoClientApi {
  let pending: Promise<NemoClientApi> | undefined;
  const client = (): Promise<NemoClientApi> => {
    pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
  const methods = new Map<PropertyKey, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy({} as NemoClientApi, {
    get(_target, name) {
      // Not a thenable (awaiting the proxy itself must not call `then`), and no symbol methods.
      if (typeof name === "symbol" || name === "then") return undefined;
      let m = methods.get(name);
      if (!m) {
        m = async (...args: unknown[]) => {
          const c = (await client()) as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
          if (typeof c[name] !== "function") throw new TypeError(`The client has no method ${name}.`);
          return c[name](...args);
        };
        methods.set(name, m);
      }
      return m;
    },
  });
}
