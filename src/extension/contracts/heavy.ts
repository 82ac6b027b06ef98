/**
 * The heavy half of the extension (client-entry.ts, bundled as dist/client.js) as activation
 * reaches it through `heavy()` (lazy.ts): only this contract is imported below it, so neither
 * lazy.ts nor host.ts depends on what it loads. client-entry.ts exports one `heavyModule` object
 * typed by this interface (the compiler checks the two agree).
 */
import type * as vscode from "vscode";
import type { NemoClientApi, NemoClientOptions } from "../../core/api";
import type { JobRunner } from "../../core/jobs";
import type { JobSurface } from "../../core/jobs/types";
import type { Logger } from "../../core/support/logger";
import type { ReadRecord } from "../../core/provenance";
import type { LmToolName } from "../../core/agents/names";
import type { RulesContext } from "../rules/context";
import type { Services } from "../services";
import type { AgentContext, ParticipantRequest, ResponseStream } from "./agent-surface";
import type { ChatView } from "./chat-view";
import type { CompareView } from "./compare-view";
import type { EditContext, EditImageArgs, EditImageResult } from "./edit-image";
import type { GalleryView } from "./gallery-view";
import type { ServicesContext } from "./services-context";
import type { UploadTracker } from "./upload-tracker";

export interface ProxySettings {
  proxy: string | undefined;
  strictSSL: boolean;
  noProxy: string[];
}

/** The editor's client options: the core's, with the editor's proxy settings and test timing in place of a dispatcher. */
export type EditorClientOptions = Omit<NemoClientOptions, "dispatcher" | "timing"> & { logger: Logger; proxy: ProxySettings; testMode: boolean };

export interface HeavyModule {
  /** The client for the editor: proxy from the editor's settings (a malformed one is logged and ignored). */
  createClient(opts: EditorClientOptions): NemoClientApi;
  /** The protocol's rate-limit wait in ms (shorter under test). */
  rateLimitWaitMs(testMode: boolean): number;
  ChatViewProvider: new (services: Services, rules: RulesContext, uploads: UploadTracker, jobs: JobRunner) => ChatView;
  /** The chat's host side for the in-editor tests (op "chat"); `view` is the ChatViewProvider built above. */
  chatTestSeam(view: ChatView, arg: unknown): Promise<unknown>;
  GalleryViewProvider: new (ctx: ServicesContext) => GalleryView;
  CompareViews: new (ctx: ServicesContext) => CompareView;
  compareImages(views: CompareView, uri?: unknown, uris?: unknown): Promise<vscode.WebviewPanel | undefined>;
  editImageWithPrompt(ctx: EditContext, compare: CompareView, target?: unknown, args?: EditImageArgs): Promise<EditImageResult | undefined>;
  /** The workspace's job runner (one per client). */
  jobsFor(ctx: ServicesContext): JobRunner;
  /** Picks up the generations a closed window left watching, of the given surfaces. */
  resumeJobs(ctx: ServicesContext, surfaces: readonly JobSurface[]): Promise<void>;
  prepareAgentTool(ctx: AgentContext, name: LmToolName, options: vscode.LanguageModelToolInvocationPrepareOptions<unknown>): Promise<vscode.PreparedToolInvocation>;
  invokeAgentTool(ctx: AgentContext, name: LmToolName, options: vscode.LanguageModelToolInvocationOptions<unknown>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult>;
  handleParticipantRequest(ctx: AgentContext, request: ParticipantRequest, stream: ResponseStream, token: vscode.CancellationToken): Promise<vscode.ChatResult>;
  participantFollowups(result: vscode.ChatResult): vscode.ChatFollowup[];
  /** A file's record (Show Prompt, Regenerate, alt text): the readers stay out of the activation bundle. */
  readProvenance(file: string): Promise<ReadRecord>;
}
