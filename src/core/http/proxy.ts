/**
 * Which undici dispatcher to use for the network: an explicit proxy (editor setting) through a
 * ProxyAgent that honours the no-proxy list; else HTTP(S)_PROXY / NO_PROXY from the environment
 * through EnvHttpProxyAgent (upper or lower case; NO_PROXY entries: host, .domain, host:port, `*`); else
 * undefined (undici's global dispatcher). `strictSSL: false`
 * turns off certificate checks (both to the proxy and through it) — the person's own choice.
 */
import { Agent, type Dispatcher, EnvHttpProxyAgent, ProxyAgent } from "undici";
import { InputError, NetworkError, phrase } from "../errors";

export interface ProxyOptions {
  /** Explicit proxy URL, e.g. the editor's http.proxy. */
  proxyUrl?: string;
  /** Alias of proxyUrl. */
  proxy?: string;
  /** Default true. */
  strictSSL?: boolean;
  /** Hosts that bypass the proxy: "a.com,b.com" or a list. */
  noProxy?: string | string[];
  /** HTTP(S)_PROXY / NO_PROXY come from here (the adapter passes process.env; the core never reads it). */
  env: Record<string, string | undefined>;
}

export type ProxyChoice =
  | { kind: "proxy"; url: string; noProxy: string; rejectUnauthorized: boolean }
  | { kind: "env"; httpProxy: string; httpsProxy: string; noProxy: string; rejectUnauthorized: boolean }
  | { kind: "direct"; rejectUnauthorized: boolean };

function envValue(env: Record<string, string | undefined>, name: string): string {
  return (env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? "").trim();
}

function listOf(value: string | string[] | undefined): string {
  const items = Array.isArray(value) ? value : (value ?? "").split(/[,\s]+/);
  return items.map((s) => s.trim()).filter(Boolean).join(",");
}

/** The decision alone (pure, unit-tested). */
export function chooseProxy(opts: ProxyOptions): ProxyChoice {
  const env = opts.env;
  const rejectUnauthorized = opts.strictSSL !== false;
  const explicit = (opts.proxyUrl ?? opts.proxy ?? "").trim();
  const envNoProxy = envValue(env, "no_proxy");
  const noProxy = listOf(opts.noProxy) || envNoProxy;
  if (explicit) {
    if (!/^https?:\/\/[^\s/]/i.test(explicit)) {
      throw new InputError("BAD_INPUT", {
        userMessage: phrase('The proxy setting "{0}" is not an http(s) URL.', explicit.replace(/\/\/[^@/]*@/, "//***@").slice(0, 100)),
        nextStep: phrase("Fix http.proxy (for example http://proxy.example:8080) or clear it."),
      });
    }
    return { kind: "proxy", url: explicit, noProxy, rejectUnauthorized };
  }
  const httpProxy = envValue(env, "http_proxy");
  const httpsProxy = envValue(env, "https_proxy");
  if (httpProxy || httpsProxy) return { kind: "env", httpProxy, httpsProxy, noProxy, rejectUnauthorized };
  return { kind: "direct", rejectUnauthorized };
}

/** The proxies behind each dispatcher made here, so a failure can name the proxy it came from. */
const proxiesOf = new WeakMap<Dispatcher, string[]>();

/** The dispatcher for `opts`, or undefined for undici's global one. Throws InputError for a malformed proxy URL. */
export function createProxyDispatcher(opts: ProxyOptions): Dispatcher | undefined {
  const choice = chooseProxy(opts);
  const dispatcher = dispatcherFor(choice);
  if (dispatcher && choice.kind !== "direct") {
    const urls = choice.kind === "proxy" ? [choice.url] : [choice.httpsProxy, choice.httpProxy];
    proxiesOf.set(dispatcher, urls.filter(Boolean));
  }
  return dispatcher;
}

/** "http://user:pw@p:8080/" → "http://p:8080" (never echo credentials). */
export function proxyLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, "//").slice(0, 100);
  }
}

function sameEndpoint(url: string, host: unknown, port: unknown): boolean {
  try {
    const u = new URL(url);
    const defaultPort = u.protocol === "https:" ? 443 : 80;
    const hostMatches = host === u.hostname || `[${String(host)}]` === u.hostname;
    return hostMatches && (port === undefined || Number(port) === Number(u.port || defaultPort));
  } catch {
    return false;
  }
}

/**
 * When `err` came from the proxy behind `dispatcher` (refused, unknown host, or an answer other than
 * 200 to CONNECT), a NetworkError that names the proxy; else undefined.
 */
export function proxyFailure(err: unknown, dispatcher: Dispatcher | undefined): NetworkError | undefined {
  const proxies = dispatcher ? proxiesOf.get(dispatcher) : undefined;
  if (!proxies?.length || typeof err !== "object" || err === null) return undefined;
  const e = err as { code?: unknown; message?: unknown; address?: unknown; port?: unknown; hostname?: unknown };
  const refused = proxies.find((p) => sameEndpoint(p, e.address, e.port) || sameEndpoint(p, e.hostname, undefined));
  const answered = typeof e.message === "string" ? /^Proxy response \((\d+)\)/.exec(e.message) : null;
  if (!refused && !answered) return undefined;
  const proxy = proxyLabel(refused ?? proxies[0]);
  return new NetworkError("NETWORK", {
    cause: err,
    userMessage: answered
      ? phrase("The proxy {0} refused the connection (HTTP {1}).", proxy, answered[1])
      : phrase("Could not connect to the proxy {0} ({1}).", proxy, typeof e.code === "string" ? e.code : "error"),
    nextStep: phrase("Check that the proxy is running and allows this address, or change the proxy setting (http.proxy, HTTPS_PROXY, NO_PROXY)."),
  });
}

function dispatcherFor(choice: ProxyChoice): Dispatcher | undefined {
  const tls = { rejectUnauthorized: choice.rejectUnauthorized };
  // https:// goes through a CONNECT tunnel; plain http:// is forwarded to the proxy as curl does.
  const proxyTunnel = false;
  switch (choice.kind) {
    case "proxy":
      if (!choice.noProxy) return new ProxyAgent({ uri: choice.url, requestTls: tls, proxyTls: tls, proxyTunnel });
      // Same ProxyAgent underneath, plus the no-proxy list.
      return new EnvHttpProxyAgent({ httpProxy: choice.url, httpsProxy: choice.url, noProxy: choice.noProxy, requestTls: tls, proxyTls: tls, connect: tls, proxyTunnel });
    case "env":
      // Pass every value (even "") so undici does not read process.env behind our back.
      return new EnvHttpProxyAgent({
        httpProxy: choice.httpProxy,
        httpsProxy: choice.httpsProxy || choice.httpProxy,
        noProxy: choice.noProxy,
        requestTls: tls,
        proxyTls: tls,
        connect: tls,
        proxyTunnel,
      });
    case "direct":
      return choice.rejectUnauthorized ? undefined : new Agent({ connect: tls });
  }
}
