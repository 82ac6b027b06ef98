// The agent tools, declared once for MCP, language model tools and @imagegen: names, schemas, the
// package.json manifest, running a tool over the client (and as a job), and the saved media agents get back.
export * from "./names";
export * from "./tools";
export * from "./job-tools";
export * from "./lm-manifest";
export * from "./saved-media";
export * from "./run";
export * from "./run-jobs";
