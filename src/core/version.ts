declare const __EXT_VERSION__: string | undefined;

function fromPackageJson(): string {
  // Only reached when running unbundled (tests under tsx); bundles get the define from esbuild.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../package.json") as { version: string }).version;
}

/** The extension's version, read from package.json at build time (X-Skill-Version). */
export const VERSION: string = typeof __EXT_VERSION__ === "string" ? __EXT_VERSION__ : fromPackageJson();
