/** What the Session view (session-tree.ts) lists: its groups and one node per row. Commands take these as arguments. */
import type { ExportRecord } from "../../core/render/export-records";
import type { Job } from "../../core/jobs/types";
import type { GeneratedMedia, Segment, Track } from "../../core/types";
import type { UploadRecord } from "../../core/media/upload-records";

export type Group = "tracks" | "media" | "uploads" | "exports" | "jobs";

export type SessionNode =
  | { type: "group"; group: Group }
  | { type: "upload"; record: UploadRecord }
  | { type: "track"; track: Track }
  | { type: "segment"; track: Track; segment: Segment }
  | { type: "media"; media: GeneratedMedia }
  | { type: "export"; record: ExportRecord; missing: boolean }
  | { type: "job"; job: Job }
  | { type: "empty"; text: string };

