// Files that remember where they came from: the provenance record, writing it into saved PNG/JPEG/WebP/MP4
// files, reading it back (fast from the head), pixel sizes, and the alt text.
export { TRAINED_ALGORITHMIC_MEDIA, PRODUCT_NAME, IMAGEGEN_NS, type ProvenanceRecord, xmpPacket } from "./record";
export { embedProvenance, embedInImage, type EmbedOptions, type EmbedOutcome } from "./embed";
export { readProvenance, readRecordFromBytes, parseXmpRecord, type ReadRecord } from "./read";
export { containerOf, type Container } from "./container";
export { pngSize } from "./png";
export { jpegSize } from "./jpeg";
export { webpSize } from "./webp";
export { pixelSizeOf } from "./size";
export { provenanceRecord, stampStep, type StampInput } from "./stamp";
export { altTextFor, type AltTextMode } from "./alt-text";
export { readProvenanceFast, recordFromHead, HEAD_BYTES } from "./read-head";
