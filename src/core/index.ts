/** The core's public surface: the client, its options and the shared types. */
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
