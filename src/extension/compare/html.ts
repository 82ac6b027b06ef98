/**
 * The compare view's HTML: the chat's strict CSP (chat/html.ts: one script by nonce, styles and
 * images only from the extension's and the two files' webview resources, no inline script or
 * style), the configuration as JSON data in `<body data-config>` (webview/compare/model.ts checks it).
 */
import { contentSecurityPolicy, makeNonce } from "../chat/html";

export interface CompareHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  lang: string;
  title: string;
  /** webview/compare/model.ts `CompareConfig`. */
  config: unknown;
}

function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function compareHtml(input: CompareHtmlInput, nonce = makeNonce()): string {
  const csp = contentSecurityPolicy(input.cspSource, nonce);
  return `<!DOCTYPE html>
<html lang="${attr(input.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${attr(input.title)}</title>
</head>
<body data-config="${attr(JSON.stringify(input.config))}">
<main id="app" aria-label="${attr(input.title)}"></main>
<script nonce="${attr(nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
