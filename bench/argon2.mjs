#!/usr/bin/env node
// Time one argon2id hash for a few parameter sets, to pick the defaults (target ≈ 50 ms on this machine).
import { hash } from '@node-rs/argon2';

const sets = process.argv[2]
  ? [JSON.parse(process.argv[2])]
  : [
      { memoryCost: 19456, timeCost: 2 },
      { memoryCost: 19456, timeCost: 3 },
      { memoryCost: 32768, timeCost: 2 },
      { memoryCost: 47104, timeCost: 1 },
      { memoryCost: 65536, timeCost: 2 },
    ];
for (const s of sets) {
  await hash('warm-up', { algorithm: 2, parallelism: 1, ...s });
  const n = 20;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await hash(`Password#${i}`, { algorithm: 2, parallelism: 1, ...s });
  console.log(`m=${s.memoryCost} KiB t=${s.timeCost}: ${((performance.now() - t0) / n).toFixed(1)} ms per hash`);
}
