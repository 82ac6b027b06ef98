// The core's public surface: the client (NemoClient), its API types (api.ts, types.ts), the errors, and the few
// things every adapter needs at start (ports, version, proxy, upload formats). Capabilities have their own index.ts.
export { NemoClient, createClient } from "./client";
export * from "./api";
export * from "./types";
export * from "./errors";
export { type Clock, systemClock } from "./support/clock";
export { type Logger, redact, redactingLogger, silentLogger, describeError } from "./support/logger";
export { type KeyValueStore, MemoryStore, StoreKeys } from "./support/storage";
export { VERSION } from "./support/version";
export { createProxyDispatcher, chooseProxy, proxyFailure, type ProxyOptions } from "./http/proxy";
export { type TokenSource } from "./session/auth";
export { ACCEPTED_FORMATS, MAX_UPLOAD_BYTES } from "./http/problems";
export { UPLOAD_CONTENT_TYPES } from "./media/formats";
export { parseUploadFiles } from "./media/upload";
export { sanitizeFileName } from "./media/files";
