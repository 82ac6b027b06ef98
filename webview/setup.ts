// Imported first by main.ts. zod's fast path compiles validators with `new Function`, which the
// strict CSP forbids (no 'unsafe-eval'): tell zod up front so it does not even try.
import { z } from "zod";

z.config({ jitless: true });
