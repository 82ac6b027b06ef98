/** The core's public surface: the client, its options and the shared types. */
export { NemoClient, createClient } from "./client";
export * from "./api";
export * from "./types";
export * from "./errors";
export { type Clock, systemClock } from "./clock";
export { type Logger, redact, redactingLogger, silentLogger, describeError } from "./logger";
export { type KeyValueStore, MemoryStore, StoreKeys } from "./storage";
export { VERSION } from "./version";
export { createProxyDispatcher, chooseProxy, proxyFailure, type ProxyOptions } from "./proxy";
export { type TokenSource } from "./auth";
export { ACCEPTED_FORMATS, MAX_UPLOAD_BYTES } from "./http/problems";
export { UPLOAD_CONTENT_TYPES } from "./formats";
export { parseUploadFiles } from "./upload";
export { sanitizeFileName } from "./files";
