/**
 * The webview's HTML: a strict CSP with a fresh nonce for the one script, styles and fonts only
 * from the extension's own files. No inline script, no 'unsafe-eval', no inline styles. The localised
 * UI strings travel as JSON in `<body data-strings>` (data, not script; the webview validates them).
 */
import { randomBytes } from "node:crypto";

export interface ChatHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  /** Short UI strings (localised by the host). */
  title: string;
  lang: string;
  /** The chat's UI strings (src/shared/strings.ts), already translated by the host. */
  strings?: Readonly<Record<string, string>>;
}

export function makeNonce(): string {
  return randomBytes(18).toString("base64");
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} data: https:`,
    `media-src ${cspSource} https:`,
    `font-src ${cspSource}`,
  ].join("; ");
}

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function chatHtml(input: ChatHtmlInput, nonce = makeNonce()): string {
  const csp = contentSecurityPolicy(input.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="${attr(input.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${attr(input.title)}</title>
</head>
<body data-strings="${attr(JSON.stringify(input.strings ?? {}))}">
<main id="app" aria-label="${attr(input.title)}"></main>
<script nonce="${attr(nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
