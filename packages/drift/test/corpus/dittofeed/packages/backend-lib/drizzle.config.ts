import { defineConfig } from "drizzle-kit";

// Fixture edit (see SOURCE.md): the url came from ./src/config (typebox, isomorphic-lib).

export default defineConfig({
  out: "./drizzle",
  schema: "./src/db/schema.ts",
  dialect: "postgresql",
  dbCredentials: {
    url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/dittofeed",
  },
});
