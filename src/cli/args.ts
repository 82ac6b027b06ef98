/** Command-line parsing (node:util parseArgs) and the help text. */
import { parseArgs } from "node:util";
import { DEFAULT_API_URL, DEFAULT_WEB_URL } from "../core/api";
import { InputError } from "../core/errors";
import type { Env } from "./config";

export const COMMANDS = ["generate", "chat", "upload", "credits", "state", "export", "link", "new-session", "mcp", "batch", "help"] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface Invocation {
  command: CommandName | "version";
  /** Positionals after the command. */
  args: string[];
  apiUrl: string;
  webUrl: string;
  json: boolean;
  outDir?: string;
  /** export: resume a render started earlier. */
  resume?: string;
  /** export: file name of the MP4. */
  name?: string;
  /** batch: one instruction for every file. */
  instruction?: string;
  /** batch: a file with one instruction per line, per file. */
  each?: string;
  /** batch: items processed at once (default 2). */
  parallel?: number;
  /** --proxy URL: overrides HTTPS_PROXY / HTTP_PROXY (NO_PROXY still applies). */
  proxy?: string;
  /** generate/chat: --ratio, --style, --variations (checked by the core's shape rule in commands.ts). */
  ratio?: string;
  style?: string;
  variations?: number;
  /** False with --no-embed-prompt (or NEMO_EMBED_PROMPT=0): saved files carry no prompt; the AI mark stays. */
  embedPrompt?: boolean;
  /** mcp: the largest tool result in bytes (default 1 MiB). */
  maxResultBytes?: number;
  /** mcp: never ask the cost question. */
  yes?: boolean;
}

export const EXIT = {
  ok: 0,
  other: 1,
  usage: 2,
  auth: 3,
  credits: 4,
  network: 5,
  server: 6,
  /** The service asked to wait longer than the retry budget (HTTP 429 or 503 with Retry-After). */
  rateLimited: 7,
  cancelled: 130,
} as const;

export function usageError(message: string, nextStep = "Run `imagegen --help` to see the commands and options."): InputError {
  return new InputError("BAD_INPUT", { userMessage: message, nextStep });
}

const OPTIONS = {
  api: { type: "string" },
  web: { type: "string" },
  json: { type: "boolean" },
  out: { type: "string", short: "o" },
  resume: { type: "string" },
  name: { type: "string" },
  instruction: { type: "string" },
  each: { type: "string" },
  parallel: { type: "string" },
  proxy: { type: "string" },
  ratio: { type: "string" },
  style: { type: "string" },
  variations: { type: "string" },
  "no-embed-prompt": { type: "boolean" },
  "max-result-bytes": { type: "string" },
  yes: { type: "boolean", short: "y" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

function checkUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`${what} "${value}" is not a URL.`, "Use a full address such as https://mega-api-prod.nemovideo.ai.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw usageError(`${what} must start with http:// or https://.`);
  }
  if (url.username || url.password) throw usageError(`${what} must not contain a user name or password.`);
  return value.replace(/\/+$/, "");
}

/** Whether argv asks for JSON output, readable even when parsing fails. */
export function wantsJson(argv: string[]): boolean {
  return argv.includes("--json");
}

export function parseInvocation(argv: string[], env: Env): Invocation {
  const tokenFlag = argv.find((a) => a === "--token" || a.startsWith("--token="));
  if (tokenFlag) {
    throw usageError(
      "There is no --token option: a token on the command line can be read by other users (ps, shell history).",
      "Set the NEMO_TOKEN environment variable instead.",
    );
  }
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    const raw = err instanceof Error ? err.message : "Invalid arguments.";
    // parseArgs explains at length; the first sentence is the useful part.
    throw usageError(raw.split("\n")[0].split(/\.\s/)[0].replace(/\.?$/, "."));
  }
  const { values, positionals } = parsed;
  const first = positionals[0];
  let command: Invocation["command"];
  if (values.version) command = "version";
  else if (values.help || first === undefined || first === "help") command = "help";
  else if ((COMMANDS as readonly string[]).includes(first)) command = first as CommandName;
  else throw usageError(`Unknown command "${first}".`);

  const apiUrl = checkUrl(values.api ?? (env.NEMO_API_URL?.trim() || DEFAULT_API_URL), values.api ? "--api" : "NEMO_API_URL");
  const webUrl = checkUrl(values.web ?? (env.NEMO_WEB_URL?.trim() || DEFAULT_WEB_URL), values.web ? "--web" : "NEMO_WEB_URL");
  const inv: Invocation = {
    command,
    args: positionals.slice(1),
    apiUrl,
    webUrl,
    json: values.json ?? false,
    outDir: values.out,
    resume: values.resume,
    name: values.name,
    instruction: values.instruction,
    each: values.each,
    parallel: values.parallel === undefined ? undefined : parallelCount(values.parallel),
    proxy: values.proxy,
    ratio: values.ratio,
    style: values.style,
    variations: values.variations === undefined ? undefined : variationCount(values.variations),
    embedPrompt: !(values["no-embed-prompt"] ?? false) && !/^(0|false|no|off)$/i.test(env.NEMO_EMBED_PROMPT?.trim() ?? ""),
    maxResultBytes: values["max-result-bytes"] === undefined ? undefined : resultBytes(values["max-result-bytes"]),
    yes: values.yes,
  };
  validate(inv);
  return inv;
}

function parallelCount(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 8) throw usageError("--parallel needs a whole number from 1 to 8.");
  return n;
}

function variationCount(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 4) throw usageError("--variations needs a whole number from 1 to 4.");
  return n;
}

/** Smallest and largest --max-result-bytes: room for the text and a link; 100 MiB is past any host's limit. */
const MIN_RESULT_BYTES = 16 * 1024;
const MAX_RESULT_BYTES = 100 * 1024 * 1024;

function resultBytes(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < MIN_RESULT_BYTES || n > MAX_RESULT_BYTES) {
    throw usageError(`--max-result-bytes needs a whole number of bytes from ${MIN_RESULT_BYTES} to ${MAX_RESULT_BYTES} (default 1048576).`);
  }
  return n;
}

function validate(inv: Invocation): void {
  const needsText = inv.command === "generate" || inv.command === "chat";
  if (needsText && inv.args.join(" ").trim() === "") {
    throw usageError(`"${inv.command}" needs a ${inv.command === "generate" ? "prompt" : "message"} in quotes.`, `Example: imagegen ${inv.command} "a red fox in snow" --out ./images`);
  }
  if (inv.command === "upload" && inv.args.length === 0) {
    throw usageError(`"upload" needs at least one file or http(s) URL.`, "Example: imagegen upload clip.mp4 https://example.com/photo.jpg");
  }
  if (inv.command === "batch" && inv.args.length === 0) {
    throw usageError(`"batch" needs at least one media file.`, 'Example: imagegen batch --instruction "add a title \'Summer\'" --out edited a.mp4 b.mp4');
  }
  if ((inv.instruction !== undefined || inv.each !== undefined || inv.parallel !== undefined) && inv.command !== "batch") {
    throw usageError(`--instruction, --each and --parallel only apply to "batch".`);
  }
  const takesArgs = needsText || inv.command === "upload" || inv.command === "batch" || inv.command === "help";
  if (!takesArgs && inv.command !== "version" && inv.args.length > 0) {
    throw usageError(`"${inv.command}" takes no arguments (got "${inv.args[0]}").`);
  }
  if (inv.outDir !== undefined && inv.outDir.trim() === "") throw usageError("--out needs a directory.");
  if (inv.outDir !== undefined && !["generate", "export", "mcp", "batch"].includes(inv.command)) {
    throw usageError(`--out only applies to "generate", "export", "mcp" and "batch".`);
  }
  if ((inv.ratio !== undefined || inv.style !== undefined || inv.variations !== undefined) && !needsText) {
    throw usageError(`--ratio, --style and --variations only apply to "generate" and "chat".`);
  }
  if ((inv.maxResultBytes !== undefined || inv.yes !== undefined) && inv.command !== "mcp") {
    throw usageError(`--max-result-bytes and --yes only apply to "mcp".`);
  }
  if ((inv.resume !== undefined || inv.name !== undefined) && inv.command !== "export") {
    throw usageError(`--resume and --name only apply to "export".`);
  }
}

export function helpText(version: string): string {
  return `imagegen ${version} — generate images and MP4s with the NemoVideo agent from the terminal.

Usage:
  imagegen generate "<prompt>" [--out DIR]   Ask the agent for an image; save new media in DIR (default: .)
  imagegen generate "<prompt>" --ratio 9:16 --style watercolor --variations 3
                                             The same in a shape and style, N variations (2-4)
  imagegen chat "<message>"                  Send a message; the agent's answer streams to stdout
  imagegen upload <file|url>...              Upload files (mp4 mov avi webm mkv jpg png gif webp
                                             mp3 wav m4a aac, at most 200 MB each) or http(s) URLs
  imagegen credits                           Show available, frozen and total credits
  imagegen state                             Show the session's timeline and generated media
  imagegen export [--out DIR] [--name FILE]  Render the timeline to MP4 and save it in DIR (free)
  imagegen export --resume <render-id>       Resume a render started earlier
  imagegen batch --instruction "<text>" [--out DIR] FILE...
                                             Process each file on its own session: upload, the
                                             instruction, render, save <name>-edited.mp4 in DIR
  imagegen batch --each LIST [--out DIR] FILE...
                                             The same with one instruction per line of LIST
                                             (in file order); --parallel N (default 2)
  imagegen link                              Print a link that opens this session in the browser
  imagegen new-session                       Forget the current session and start a new one
  imagegen mcp [--out DIR]                   Serve the tools to an AI agent over MCP (stdio); media
                                             is saved in DIR (default: the working directory).
                                             --max-result-bytes N: largest tool result (1048576);
                                             --yes: never ask the cost question
  imagegen help | --help                     This text
  imagegen --version                         The version

Options:
  --api URL    API base (env NEMO_API_URL; default ${DEFAULT_API_URL})
  --web URL    Web app for links (env NEMO_WEB_URL; default ${DEFAULT_WEB_URL})
  --json       Machine-readable: exactly one JSON document on stdout, errors included as
               {"error":{"code","message","nextStep","link"}}; progress/status stay on stderr
  -o, --out    Output directory for generate, export, mcp and batch
  --ratio R    Aspect ratio for generate/chat: 1:1 16:9 9:16 4:3 3:4 3:2 2:3 21:9
  --style S    Style for generate/chat: photorealistic, watercolor, "line art", "3D render",
               "pixel art", cinematic, "flat illustration"
  --variations N
               Make N variations (2-4) in one request; costs N times one image
  --no-embed-prompt
               Saved files carry no prompt (env NEMO_EMBED_PROMPT=0); they still say they are
               AI-generated (IPTC trainedAlgorithmicMedia), with the product and session
  --proxy URL  HTTP proxy for every request (else HTTPS_PROXY / HTTP_PROXY, upper or lower case;
               NO_PROXY lists hosts, .domains, host:port or * that go direct)

Token: there is no --token option (arguments leak through ps). imagegen uses NEMO_TOKEN when set,
else the token stored in the config directory, else it gets a free anonymous one.
Config directory: $NEMOVIDEO_CONFIG_DIR, else $XDG_CONFIG_HOME/nemovideo, else ~/.config/nemovideo
(client id, session, and the token in token.json with mode 0600).

Certificates: a private certificate authority is trusted through NODE_EXTRA_CA_CERTS=<file.pem>;
NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off (not recommended).

Environment: NEMO_TOKEN, NEMO_CLIENT_ID, NEMO_API_URL, NEMO_WEB_URL, NEMOVIDEO_CONFIG_DIR,
NEMO_DEBUG=1 (redacted debug log and stack traces on stderr), NEMO_TIME_SCALE (simulator demos and
tests only: scales every protocol delay, e.g. 0.01).

Output: agent text goes to stdout as it arrives; tool activity, "Still working…" and progress go
to stderr (progress only on a terminal). Saved file paths are printed at the end.

Exit codes:
  0    success
  1    other failure (e.g. generate produced no new media)
  2    bad input or usage (unknown option, unsupported or too large file, nothing to export)
  3    authentication (token invalid or expired)
  4    credits (out of credits, or export blocked on the free plan)
  5    network or timeout
  6    server error
  7    rate limited: the service asked to wait longer than imagegen waits (try again later)
  130  cancelled (Ctrl-C)
`;
}
