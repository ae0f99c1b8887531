import { config } from 'zod';

/**
 * The shared contracts bring zod into the bundle. zod probes `new Function` to decide whether it may compile fast
 * parsers; under our CSP (script-src 'self', no 'unsafe-eval') that probe is refused and reported as a violation on
 * every page. Jitless mode skips the probe. Imported first by main.tsx so it holds before any schema is used.
 */
config({ jitless: true });
