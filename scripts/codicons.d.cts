// Types of scripts/codicons.cjs (for test/unit/codicons.test.ts).
export const PACKAGE_DIST: string;
export function iconNames(): string[];
export function subsetCss(css: string, names: string[]): { css: string; codePoints: Map<string, number> };
export function writeCodicons(outDir: string, names?: string[]): Promise<{ ttfBytes: number; cssBytes: number; names: string[] }>;
