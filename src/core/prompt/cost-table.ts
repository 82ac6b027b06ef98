/**
 * The one cost table (NEMO_API.md: about 100 credits an image or clip, about 50 an edit; editing an
 * image with a prompt makes a new image, so it is quoted as one: our guess, kept here) and the
 * low-balance rule. Its own file so the editor's status bar can show a balance at activation
 * without loading the cost question's sentences (cost.ts re-exports both).
 */
export type PaidActionKind = "image" | "clip" | "edit" | "image-edit";

/** Credits per paid action. "image-edit": an image edited with a prompt (edit/), a new image made from it. */
export const COST_CREDITS: Record<PaidActionKind, number> = { image: 100, clip: 100, edit: 50, "image-edit": 100 };

/** True when a balance (credits) cannot pay for one image (the status bar's warning colour). */
export function isLowBalance(available: number, credits: number = COST_CREDITS.image): boolean {
  return available < credits;
}
