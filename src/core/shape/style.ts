/**
 * Style presets: the built-in looks and the person's own (the `imageGeneration.styles` setting,
 * or the CLI's config), each a name and the words the agent is given. Names match case- and
 * punctuation-insensitively ("3D render" = "3d-render").
 */

export interface StylePreset {
  /** Stable id: kebab-case ("line-art"). */
  id: string;
  /** The name people see and agents pass ("line art"). */
  label: string;
  /** The words that reach the agent after "Style:". */
  words: string;
  /** True for the person's own styles. */
  custom?: boolean;
}

export const STYLE_PRESETS: readonly StylePreset[] = [
  { id: "photorealistic", label: "photorealistic", words: "photorealistic, natural light, true-to-life detail" },
  { id: "watercolor", label: "watercolor", words: "watercolor painting, soft washes, visible paper texture" },
  { id: "line-art", label: "line art", words: "clean black line art on white, no shading" },
  { id: "3d-render", label: "3D render", words: "3D render, soft studio lighting, smooth materials" },
  { id: "pixel-art", label: "pixel art", words: "pixel art, limited palette, crisp square pixels" },
  { id: "cinematic", label: "cinematic", words: "cinematic still, dramatic lighting, shallow depth of field" },
  { id: "flat-illustration", label: "flat illustration", words: "flat vector illustration, bold shapes, no gradients" },
];

/** The built-in ids, for enums (agent tools, CLI help). */
export const STYLE_IDS = STYLE_PRESETS.map((s) => s.id);

/** A person's own style as the setting holds it: a name and, optionally, the words (default: the name). */
export interface CustomStyle {
  name: string;
  prompt?: string;
}

/** Longest custom style name and words kept (characters); longer ones are cut. */
export const MAX_STYLE_NAME = 40;
export const MAX_STYLE_WORDS = 300;

export function styleKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "");
}

/**
 * Every style on offer: the built-ins, then the person's own (tolerant: entries that are not
 * objects with a non-empty name are skipped; a custom style with a built-in's name replaces it;
 * the first of two custom styles with the same name wins).
 */
export function availableStyles(custom: unknown = []): StylePreset[] {
  const out = new Map<string, StylePreset>(STYLE_PRESETS.map((s) => [s.id, { ...s }]));
  const seen = new Set<string>();
  for (const entry of Array.isArray(custom) ? custom : []) {
    const e = entry as Partial<CustomStyle> | string;
    const name = (typeof e === "string" ? e : typeof e?.name === "string" ? e.name : "").trim().slice(0, MAX_STYLE_NAME);
    const id = styleKey(name);
    if (!id || seen.has(id)) continue;
    seen.add(id);
    const words = (typeof e === "object" && typeof e?.prompt === "string" && e.prompt.trim() ? e.prompt.trim() : name).slice(0, MAX_STYLE_WORDS);
    out.set(id, { id, label: name, words: words.replace(/[\r\n]+/g, " "), custom: true });
  }
  return [...out.values()];
}

/** The style called `name` (id or label, any case), among the built-ins and `custom`; undefined when none. */
export function findStyle(name: string | undefined, custom: unknown = []): StylePreset | undefined {
  if (!name) return undefined;
  const key = styleKey(name);
  if (!key) return undefined;
  return availableStyles(custom).find((s) => s.id === key || styleKey(s.label) === key);
}
