/**
 * The webview's side of the protocol: typed requests with promises, notifications dispatched to
 * one handler. Everything the host posts is validated (zod) before it is used; invalid → dropped.
 */
import {
  makeRequest,
  parseHostMessage,
  parseResult,
  type AnyNotify,
  type ErrorInfo,
  type RequestName,
  type RequestParams,
  type RequestResult,
} from "../src/shared/protocol";
import { t } from "./i18n";

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class RequestError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
  }
}

interface Pending {
  method: RequestName;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class Rpc {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly pending = new Map<number, Pending>();
  private seq = 0;

  constructor(private readonly onNotify: (n: AnyNotify) => void) {
    window.addEventListener("message", (e: MessageEvent) => this.receive(e.data));
  }

  request<N extends RequestName>(method: N, params: RequestParams<N>): Promise<RequestResult<N>> {
    const id = ++this.seq;
    return new Promise<RequestResult<N>>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
      this.api.postMessage(makeRequest(id, method, params));
    });
  }

  private receive(raw: unknown): void {
    const parsed = parseHostMessage(raw);
    if (!parsed.ok) {
      console.warn(`chat: dropped an invalid message from the extension (${parsed.reason})`);
      return;
    }
    if (parsed.value.kind === "notify") {
      this.onNotify(parsed.value.notify);
      return;
    }
    const res = parsed.value.response;
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    if (!res.ok) {
      p.reject(new RequestError(res.error));
      return;
    }
    const result = parseResult(p.method, res.result);
    if (result.ok) p.resolve(result.value);
    else p.reject(new RequestError({ code: "BAD_RESPONSE", message: t("badAnswer") }));
  }
}
