import * as vscode from "vscode";
import { toNemoError, type NemoError } from "../core/errors";
import type { Logger } from "../core/support/logger";
import { errorActions, type ErrorAction } from "./error-actions";
import { translatePhrase } from "./l10n";

/** What the last error notification said (test seam, and useful in the log). */
export interface ShownError {
  code: string;
  message: string;
  buttons: string[];
  link?: string;
}

function label(action: ErrorAction): string {
  switch (action) {
    case "register":
      return vscode.l10n.t("Register");
    case "topUp":
      return vscode.l10n.t("Top Up");
    case "openLink":
      return vscode.l10n.t("Open Link");
    case "setToken":
      return vscode.l10n.t("Set Token");
    case "generate":
      return vscode.l10n.t("Generate an Image");
    case "openFolder":
      return vscode.l10n.t("Open Folder…");
    case "useChat":
      return vscode.l10n.t("Use the Chat");
    case "showLog":
      return vscode.l10n.t("Show Log");
  }
}

/**
 * Shows errors to the person: one sentence plus next step, link buttons, never a stack.
 * Cancellation is not an error: it only goes to the log.
 */
export class ErrorPresenter {
  readonly shown: ShownError[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly showLog: () => void,
  ) {}

  async show(err: unknown): Promise<void> {
    const e: NemoError = toNemoError(err);
    if (e.code === "CANCELLED") {
      this.logger.info("Cancelled by the user.");
      return;
    }
    this.logger.error(`Shown to the user [${e.code}]`, e.cause ?? e);
    const actions = errorActions({ code: e.code, category: e.category, link: e.link });
    const buttons = actions.map(label);
    const message = e.toDisplayString(translatePhrase);
    this.shown.push({ code: e.code, message, buttons, link: e.link });
    if (this.shown.length > 20) this.shown.shift();

    const show = e.category === "input" ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    // Not awaited: the notification stays until the person reacts; callers must not hang on it.
    void Promise.resolve(show(message, ...buttons)).then(async (picked) => {
      const action = picked === undefined ? undefined : actions[buttons.indexOf(picked)];
      await this.run(action, e);
    }, (err: unknown) => this.logger.warn(`Could not show a notification: ${String(err)}`));
  }

  private async run(action: ErrorAction | undefined, e: NemoError): Promise<void> {
    switch (action) {
      case "register":
      case "topUp":
      case "openLink":
        if (e.link) await vscode.env.openExternal(vscode.Uri.parse(e.link));
        return;
      case "setToken":
        await vscode.commands.executeCommand("imageGeneration.setToken");
        return;
      case "generate":
        await vscode.commands.executeCommand("imageGeneration.generateImage");
        return;
      case "openFolder":
        await vscode.commands.executeCommand("workbench.action.files.openFolder");
        return;
      case "useChat":
        await vscode.commands.executeCommand("imageGeneration.focusChat");
        return;
      case "showLog":
        this.showLog();
        return;
      default:
        return;
    }
  }
}
