// Small ports and helpers every capability uses: the logger (with redaction), the clock, the storage
// ports and keys, the notices in the shape of error sentences, and the product version.
export * from "./logger";
export * from "./clock";
export * from "./storage";
export * from "./notice";
export * from "./version";
