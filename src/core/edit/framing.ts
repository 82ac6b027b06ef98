/**
 * The words that ask the agent to edit an image the person just uploaded. The agent is reached
 * through a chat (NEMO_API.md: an upload goes into the session, then a message asks for the
 * change); how the real agent best takes an image edit is not published, so this sentence is our
 * guess and lives here only. The simulator recognises it (test/sim/classify.ts `imageEditOf`).
 */

/** Longest instruction we send, in characters (a paragraph; the rest is cut at a word). */
export const MAX_INSTRUCTION_CHARS = 2_000;

/** The instruction as sent: one line, trimmed, without a trailing full stop, at most MAX_INSTRUCTION_CHARS. */
export function cleanInstruction(instruction: string): string {
  const flat = instruction.replace(/\s+/g, " ").trim().replace(/[.。!！]+$/, "").trim();
  if (flat.length <= MAX_INSTRUCTION_CHARS) return flat;
  const cut = flat.slice(0, MAX_INSTRUCTION_CHARS);
  const space = cut.lastIndexOf(" ");
  return (space > MAX_INSTRUCTION_CHARS / 2 ? cut.slice(0, space) : cut).trim();
}

/**
 * The message for one edit: `Edit the uploaded image "harbour.png": make the sky pink. Return the
 * edited picture as a new image, same size; keep everything else as it is.`
 */
export function editMessage(fileName: string, instruction: string): string {
  const name = fileName.replace(/["\r\n]/g, "");
  return `Edit the uploaded image "${name}": ${cleanInstruction(instruction)}. Return the edited picture as a new image, same size; keep everything else as it is.`;
}

/**
 * The prompt an edited version's file records: the source's own prompt with the edit after it
 * ("a harbour at dawn (edited: make the sky pink)"), so Show Prompt and Regenerate from this File
 * describe the picture, not only the change; the instruction alone when the source carries none.
 */
export function editedPrompt(sourcePrompt: string | undefined, instruction: string): string {
  const source = sourcePrompt?.trim();
  return source ? `${source} (edited: ${instruction})` : instruction;
}
