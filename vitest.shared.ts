import { defineConfig } from "vitest/config"

/** Shared by every package's vitest.config.ts: sources, not dist, are what the tests import. */
export const shared = defineConfig({
  resolve: { conditions: ["@alphabench/source"] },
  ssr: { resolve: { conditions: ["@alphabench/source"] } },
  test: {
    include: ["test/**/*.test.ts"],
    env: { TZ: "UTC" },
    testTimeout: 60_000,
    hookTimeout: 120_000
  }
})
