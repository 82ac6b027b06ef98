// The gallery of everything made in a workspace: the listing rule (the job ledger and the files' own records,
// one item per file, newest first), the kinds, the disk scan, and search and filter (query.ts, also bundled by the webview).
export * from "./types";
export { buildGallery, compareItems, estimatedCredits, pathKey, type BuildInput } from "./merge";
export { isGalleryMedia, kindOfFile } from "./kind";
export { findMediaFiles, MediaScanner, type ScanOptions } from "./scan";
export { foldText, queryGallery, searchableText, searchWords } from "./query";
