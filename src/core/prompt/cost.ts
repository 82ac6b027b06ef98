/**
 * What paid actions cost, and the one question asked before spending: the cost table
 * (NEMO_API.md: about 100 credits an image or clip, about 50 an edit; editing an image with a prompt
 * makes a new image, so it is quoted as one: our guess, kept here), the estimate for a list of
 * actions, and the title/detail sentences every surface (palette, chat, LM tools) shows.
 */
import { phrase, type Phrase } from "../errors";
import { isEditInstruction, namedMedium } from "./framing";

import { COST_CREDITS, isLowBalance, type PaidActionKind } from "./cost-table";

export { COST_CREDITS, isLowBalance, type PaidActionKind } from "./cost-table";

export interface PaidAction {
  kind: PaidActionKind;
  /** How many of this kind (default 1). */
  count?: number;
}

export interface CostQuestion {
  credits: number;
  available?: number;
  /** True when the known balance is below the estimate. */
  low: boolean;
  title: Phrase;
  detail: Phrase;
}

function list(actions: PaidAction | PaidAction[]): PaidAction[] {
  return (Array.isArray(actions) ? actions : [actions]).filter((a) => countOf(a) > 0);
}

function countOf(a: PaidAction): number {
  const n = a.count ?? 1;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** About how many credits the actions cost together. */
export function estimateCredits(actions: PaidAction | PaidAction[]): number {
  return list(actions).reduce((sum, a) => sum + COST_CREDITS[a.kind] * countOf(a), 0);
}

function titleFor(actions: PaidAction[], credits: number): Phrase {
  const kinds = new Set(actions.map((a) => a.kind));
  const count = actions.reduce((n, a) => n + countOf(a), 0);
  if (kinds.size === 1) {
    const kind = actions[0]?.kind;
    if (kind === "image") return count === 1 ? phrase("Generate an image?") : phrase("Generate {0} images?", count);
    if (kind === "clip") return count === 1 ? phrase("Generate a video clip?") : phrase("Generate {0} video clips?", count);
    if (kind === "edit") return count === 1 ? phrase("Edit the video?") : phrase("Make {0} edits?", count);
    if (kind === "image-edit") return count === 1 ? phrase("Edit the image with a prompt?") : phrase("Edit {0} images with a prompt?", count);
  }
  return phrase("Spend about {0} credits?", credits);
}

/** The question before spending: title, one-sentence detail with cost and balance, and whether the balance is low. */
export function costQuestion(actions: PaidAction | PaidAction[], balance?: { available: number }): CostQuestion {
  const items = list(actions);
  const credits = estimateCredits(items);
  const title = titleFor(items, credits);
  if (!balance) return { credits, low: false, title, detail: phrase("It costs about {0} credits.", credits) };
  const available = balance.available;
  const low = isLowBalance(available, credits);
  const detail = low
    ? phrase("It costs about {0} credits, but you have {1}. It may fail.", credits, available)
    : phrase("It costs about {0} credits. You have {1} available.", credits, available);
  return { credits, available, low, title, detail };
}

/** Words asking the agent to make something (English on word boundaries, Chinese as substrings). */
const GENERATION = /\b(?:generate|create|make|draw|paint|produce|animate|design|imagine)\b|生成|制作|画/i; // not "render": "is the render done?"

/**
 * Talk that spends nothing: a question ("what can you do?", "how do I export", "能做什么？"), a
 * greeting or thanks. In an image generator anything else may make an image ("a red fox in snow"
 * is a prompt), so it is asked about: a needless question costs a click, a missed one credits.
 */
const QUESTION = /[?？]\s*$|^\s*(?:what|how|why|who|when|where|which|can you|could you|would you|do you|does|is|are|help|describe|explain|tell me|summari[sz]e|list)\b|(?:什么|怎么|为什么|如何|吗|呢|多少)[?？。!！]*\s*$|^\s*(?:请问|能不能|怎么|怎样|如何|为什么|什么)/i;
const SMALL_TALK = /^\s*(?:hi|hello|hey|thanks|thank you|ok|okay|cool|great|bye|你好|您好|谢谢|好的|再见)\b[\s!.,。！]*$/i;

/**
 * What a chat message routed to the agent will probably spend, by the same word lists that frame
 * prompts (prompt.ts): an edit instruction is an edit; a message naming a video is a clip; a
 * question or small talk is free; anything else (naming an image, asking to make something, or a
 * bare description the agent will draw) is an image.
 */
export function paidActionFor(text: string): PaidAction | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (isEditInstruction(t)) return { kind: "edit" };
  // "how do I export the video?" names a medium but makes nothing; "can you make a video?" does.
  if (!GENERATION.test(t) && (QUESTION.test(t) || SMALL_TALK.test(t))) return undefined;
  return namedMedium(t) === "video" ? { kind: "clip" } : { kind: "image" };
}
