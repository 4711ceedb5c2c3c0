import { defineConfig } from 'prisma/config';

// The schema is a folder with one file per context; migrations are plain SQL in Prisma's layout.
export default defineConfig({ schema: 'prisma/schema', migrations: { path: 'prisma/migrations' } });
