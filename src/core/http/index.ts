// The wire: undici transport and proxy choice, the REST envelope, the error table (problems), the
// endpoints of NEMO_API.md, web-app links, and the caller that adds headers and applies the recoveries.
export * from "./transport";
export * from "./proxy";
export * from "./envelope";
export * from "./problems";
export * from "./endpoints";
export * from "./links";
export * from "./caller";
export * from "./url-setting";
