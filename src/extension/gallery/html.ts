/**
 * The Gallery view's HTML: the strictest CSP of the product's webviews — one script by nonce,
 * styles and fonts from the extension's files, images and video only through webview resource
 * URIs (the files themselves; no data:, no network). No inline script or style. The UI strings
 * travel as JSON in `<body data-strings>` (data, validated by the view).
 */
import { makeNonce } from "../chat/html";

export interface GalleryHtmlInput {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  title: string;
  lang: string;
  strings: Readonly<Record<string, string>>;
}

export function galleryCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `media-src ${cspSource}`,
    `font-src ${cspSource}`,
  ].join("; ");
}

const attr = (value: string): string => value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function galleryHtml(input: GalleryHtmlInput, nonce = makeNonce()): string {
  return `<!DOCTYPE html>
<html lang="${attr(input.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(galleryCsp(input.cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(input.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(input.styleUri)}">
<title>${attr(input.title)}</title>
</head>
<body data-strings="${attr(JSON.stringify(input.strings))}">
<main id="gallery" aria-label="${attr(input.title)}"></main>
<script nonce="${attr(nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}
