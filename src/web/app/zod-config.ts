/**
 * The shared contracts bring zod into the pages that use them. zod probes `new Function` to decide whether it may
 * compile fast parsers; under our CSP (script-src 'self', no 'unsafe-eval') that probe is refused and reported as a
 * violation on every page. Jitless mode skips the probe. zod keeps its configuration in this global and reads it when
 * it loads and at every schema it builds (zod/v4/core/core.js), so setting it here, first in main.tsx, holds for every
 * page without importing zod itself: zod's code then loads with the lazy pages that need it, not with the to-do.
 * zod-config.test.ts checks zod still reads it.
 */
const zodGlobal = globalThis as { __zod_globalConfig?: Record<string, unknown> };
zodGlobal.__zod_globalConfig ??= {};
zodGlobal.__zod_globalConfig.jitless = true;

export {};
