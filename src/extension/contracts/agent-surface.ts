/**
 * What the agent surfaces (language model tools, `@imagegen`) get from the extension, and the
 * shapes of a participant request they answer: agents/lm-tools.ts and agents/participant.ts.
 */
import type * as vscode from "vscode";
import type { ExportJobs } from "./export-jobs";
import type { PaidContext } from "./services-context";

/** The services, the balance for the cost question, and the one export runner (a waited-for export). */
export type AgentContext = PaidContext & { exports: Pick<ExportJobs, "start"> };

/** The subset of ChatResponseStream the handler writes to (a test can record it). */
export type ResponseStream = Pick<vscode.ChatResponseStream, "markdown" | "progress" | "anchor" | "reference">;

export interface ParticipantRequest {
  prompt: string;
  command?: string;
}
