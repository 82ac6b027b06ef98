/**
 * What each MCP protocol version defines, so a result carries only what the client negotiated.
 * Source: the specification's schema per revision (modelcontextprotocol.io/specification/<rev>/
 * schema, and its changelogs): 2024-11-05 has text, image and embedded resource content and tools
 * with name, description and inputSchema; 2025-03-26 adds audio content and tool annotations;
 * 2025-06-18 adds `resource_link` content, `structuredContent`, `outputSchema`, `title` and
 * elicitation; 2025-11-25 keeps all of these. Anything older than 2024-11-05 is treated like it.
 */
export interface ProtocolFeatures {
  /** The negotiated revision ("2025-03-26"). */
  version: string;
  /** Content type "audio" (2025-03-26+). */
  audio: boolean;
  /** Tool `annotations` (2025-03-26+). */
  toolAnnotations: boolean;
  /** Content type "resource_link", `structuredContent`, tool `outputSchema` and `title` (2025-06-18+). */
  resourceLink: boolean;
  structuredContent: boolean;
  outputSchema: boolean;
  title: boolean;
  /** `elicitation/create` (2025-06-18+; the client must also declare the capability). */
  elicitation: boolean;
}

/** Revisions are dates: comparing the strings compares the dates. */
export function featuresOf(version: string | undefined): ProtocolFeatures {
  const v = version && /^\d{4}-\d{2}-\d{2}$/.test(version) ? version : "2024-11-05";
  const since = (rev: string): boolean => v >= rev;
  return {
    version: v,
    audio: since("2025-03-26"),
    toolAnnotations: since("2025-03-26"),
    resourceLink: since("2025-06-18"),
    structuredContent: since("2025-06-18"),
    outputSchema: since("2025-06-18"),
    title: since("2025-06-18"),
    elicitation: since("2025-06-18"),
  };
}
