import { defineConfig } from 'drizzle-kit';

// Schema lives beside each module (`*.schema.ts`); migrations are generated into one folder.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/modules/*/*.schema.ts',
  out: './src/server/db/migrations',
});
