// Types of scripts/shared-core.cjs (for the tests and benchmarks that build like esbuild.mjs).
import type { BuildOptions, Metafile } from "esbuild";

export interface SharedBundle {
  entry: string;
  outfile: string;
  options?: BuildOptions;
}

export interface SharedChunk {
  file: string;
  test: RegExp;
}

export const ROOT: string;
export const CHUNKS: SharedChunk[];
export function chunkOf(abs: string): { key: string; chunk: number } | undefined;
export function buildWithSharedCore(
  common: BuildOptions,
  bundles: SharedBundle[],
): Promise<{ keys: Record<string, string[]>; metafiles: Metafile[] }>;
