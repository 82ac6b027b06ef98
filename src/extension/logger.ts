import * as vscode from "vscode";
import { redactingLogger, type Logger } from "../core/support/logger";

/** The one log of the extension: a LogOutputChannel "Image Generation", every line redacted. */
export class ChannelLogger implements Logger, vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly inner: Logger;

  constructor() {
    this.channel = vscode.window.createOutputChannel("Image Generation", { log: true });
    const ch = this.channel;
    this.inner = redactingLogger({
      trace: (m) => ch.trace(m),
      debug: (m) => ch.debug(m),
      info: (m) => ch.info(m),
      warn: (m) => ch.warn(m),
      error: (m) => ch.error(m),
    });
  }

  trace(message: string): void {
    this.inner.trace(message);
  }
  debug(message: string): void {
    this.inner.debug(message);
  }
  info(message: string): void {
    this.inner.info(message);
  }
  warn(message: string): void {
    this.inner.warn(message);
  }
  error(message: string, err?: unknown): void {
    this.inner.error(message, err);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
