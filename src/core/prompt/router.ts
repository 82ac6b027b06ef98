/**
 * What the user typed → where it goes. Export, credits, status and upload are handled locally and
 * never sent to the agent (an export through the agent would be a paid chat turn). Only short,
 * command-like messages are routed locally; a prompt that merely mentions "download" is the agent's.
 */
import type { Route } from "../types";

type LocalKind = Exclude<Route["kind"], "agent">;

interface Intent {
  kind: LocalKind;
  pattern: RegExp;
}

/** Keyword phrases per local action (English on word boundaries, Chinese as substrings). */
const INTENTS: readonly Intent[] = [
  { kind: "upload", pattern: /\bupload(?:s|ing)?\b|上传/i },
  { kind: "export", pattern: /\bexport\b|\bdownload\b|\bsend\s+me\s+the\s+(?:video|file|mp4|result)\b|\bsave\s+the\s+(?:video|mp4)\b|导出|下载/i },
  { kind: "credits", pattern: /\bcredits?\b|\bbalance\b|积分|余额|点数/i },
  {
    kind: "state",
    pattern: /\bstatus\b|\bshow\s+(?:me\s+)?(?:the\s+|my\s+)?(?:tracks?|timeline|state|session)\b|\b(?:tracks|timeline)\s*\??$|状态|轨道|时间线/i,
  },
];

/** Words that make a message a request for the agent (create or change something). */
const AGENT_VERBS =
  /\b(?:generate|create|make|draw|paint|design|add|put|insert|edit|change|replace|remove|delete|cut|trim|turn|animate|fix|adjust|apply|convert|produce|compose|write)\b|生成|制作|创建|画|添加|加上|修改|换成|替换|删除|剪辑|做一个|做个/i;

/** Film credits ("roll the credits", "end credits") are a generation request, not the balance. */
const FILM_CREDITS = /\b(?:end|closing|opening|rolling|roll)\s+(?:the\s+)?credits\b|\bcredits\s+(?:roll|scene|sequence|at\s+the\s+end)\b/i;

/** The most a local command may weigh: English words + Chinese characters / 2. */
const MAX_COMMAND_WEIGHT = 8;

function weight(text: string): number {
  const words = text.match(/[A-Za-z0-9'’]+/g)?.length ?? 0;
  const cjk = text.match(/[\u3400-\u9fff]/g)?.length ?? 0;
  return words + cjk / 2;
}

export function route(text: string, hasAttachments = false): Route {
  if (hasAttachments) return { kind: "upload" };
  const t = text.trim();
  if (!t) return { kind: "agent" };

  let best: { kind: LocalKind; at: number } | undefined;
  for (const intent of INTENTS) {
    const m = intent.pattern.exec(t);
    if (m && (!best || m.index < best.at)) best = { kind: intent.kind, at: m.index };
  }
  if (!best) return { kind: "agent" };
  if (best.kind === "credits" && FILM_CREDITS.test(t)) return { kind: "agent" };
  if (weight(t) > MAX_COMMAND_WEIGHT) return { kind: "agent" };
  // A verb of creation before the keyword ("generate a download icon") makes it a prompt; for
  // the read-only look-ups (credits, state) a verb anywhere does ("add music to the timeline").
  const verb = AGENT_VERBS.exec(t);
  if (verb && (verb.index < best.at || best.kind === "credits" || best.kind === "state")) return { kind: "agent" };
  return { kind: best.kind };
}
