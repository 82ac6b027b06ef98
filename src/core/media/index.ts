// Files in and out: upload checks, formats and calls, download to disk, file names, the one media-type rule,
// names people read, the output folder rule, and the upload records on the ledger.
export * from "./formats";
export * from "./upload";
export * from "./upload-call";
export * from "./upload-records";
export * from "./download";
export * from "./download-each";
export * from "./files";
export * from "./path-exists";
export * from "./media-type";
export * from "./media-name";
export * from "./output-folder";
