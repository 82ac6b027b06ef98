/**
 * A NemoClientApi that forwards to the current client, built on first use by a factory (so
 * activation never loads the client bundle). The client is rebuilt when the endpoint or proxy
 * settings change; every surface keeps using this one object. No `vscode` import.
 */
import type {
  CallOptions,
  ChatOptions,
  DownloadOptions,
  ExportOptions,
  GenerateOptions,
  GenerateResult,
  NemoClientApi,
  UploadOptions,
} from "../core/api";
import type { ChatResult, Credits, ExportResult, GeneratedMedia, SessionIds, SessionState, UploadResult } from "../core/types";

export class ClientSwitch implements NemoClientApi {
  private built: NemoClientApi | undefined;

  constructor(private factory: () => NemoClientApi) {}

  /** Build the next client from `factory` on its first use. */
  replace(factory: () => NemoClientApi): void {
    this.factory = factory;
    this.built = undefined;
  }

  private get current(): NemoClientApi {
    return (this.built ??= this.factory());
  }

  ensureToken(opts?: CallOptions): Promise<void> {
    return this.current.ensureToken(opts);
  }
  ensureSession(opts?: CallOptions): Promise<SessionIds> {
    return this.current.ensureSession(opts);
  }
  newSession(opts?: CallOptions): Promise<SessionIds> {
    return this.current.newSession(opts);
  }
  currentSession(): Promise<SessionIds | undefined> {
    return this.current.currentSession();
  }
  setToken(token: string | undefined): Promise<void> {
    return this.current.setToken(token);
  }
  tokenSource(): Promise<"explicit" | "env" | "stored" | "none"> {
    return this.current.tokenSource();
  }
  credits(opts?: CallOptions): Promise<Credits> {
    return this.current.credits(opts);
  }
  state(opts?: CallOptions): Promise<SessionState> {
    return this.current.state(opts);
  }
  claimLink(opts?: CallOptions): Promise<string> {
    return this.current.claimLink(opts);
  }
  creditsLink(): Promise<string> {
    return this.current.creditsLink();
  }
  chat(message: string, opts?: ChatOptions): Promise<ChatResult> {
    return this.current.chat(message, opts);
  }
  generate(prompt: string, opts: GenerateOptions): Promise<GenerateResult> {
    return this.current.generate(prompt, opts);
  }
  checkUploadFile(path: string): Promise<{ size: number; name: string }> {
    return this.current.checkUploadFile(path);
  }
  uploadFiles(paths: string[], opts?: UploadOptions): Promise<UploadResult> {
    return this.current.uploadFiles(paths, opts);
  }
  uploadUrls(urls: string[], opts?: CallOptions): Promise<UploadResult> {
    return this.current.uploadUrls(urls, opts);
  }
  exportVideo(opts: ExportOptions): Promise<ExportResult> {
    return this.current.exportVideo(opts);
  }
  resumeExport(renderId: string, opts: ExportOptions): Promise<ExportResult> {
    return this.current.resumeExport(renderId, opts);
  }
  cancelExport(renderId: string): Promise<void> {
    return this.current.cancelExport(renderId);
  }
  downloadMedia(media: GeneratedMedia, opts: DownloadOptions): Promise<string> {
    return this.current.downloadMedia(media, opts);
  }
}
