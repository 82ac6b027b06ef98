// Imported first by main.ts. zod's fast path compiles validators with `new Function`, which the
// strict CSP forbids (no 'unsafe-eval'): tell zod up front so it does not even try.
import * as z from "zod/mini"; // a namespace import: esbuild keeps only what is used

z.config({ jitless: true });
