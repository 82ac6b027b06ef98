declare const __EXT_VERSION__: string | undefined;

function fromPackageJson(): string {
  // Only reached when running unbundled (tests under tsx); bundles get the define from esbuild.
  // The path is a variable so esbuild does not bundle package.json.
  const file = "../../../package.json";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as { version: string }).version;
}

/** The extension's version, read from package.json at build time (X-Skill-Version). */
export const VERSION: string = typeof __EXT_VERSION__ === "string" ? __EXT_VERSION__ : fromPackageJson();
