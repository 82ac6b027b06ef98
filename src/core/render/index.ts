// Export (render) to MP4: the pre-check question, submit and poll (schedule, status, estimate), the
// download, the one file-name scheme, and the export records on the ledger.
export * from "./export";
export * from "./export-question";
export * from "./export-name";
export * from "./export-records";
export * from "./track";
export * from "./schedule";
export * from "./status";
export * from "./estimate";
