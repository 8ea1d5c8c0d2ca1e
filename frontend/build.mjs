// Builds the status board's bundle, or the unit tests, with esbuild.
//   node build.mjs [--outfile FILE]   the bundle (default: the integration's copy)
//   node build.mjs --tests DIR        each test/*.test.ts as DIR/*.test.mjs
// Deterministic: the same sources and lockfile give the same bytes.
import { build } from "esbuild";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const BUNDLE = join(
  here,
  "..",
  "custom_components",
  "status_dashboard",
  "frontend",
  "status-dashboard.js",
);

const { values } = parseArgs({
  options: { outfile: { type: "string" }, tests: { type: "string" } },
});

const common = {
  absWorkingDir: here,
  bundle: true,
  format: "esm",
  charset: "utf8",
  logLevel: "warning",
  sourcemap: false,
};

if (values.tests) {
  const tests = readdirSync(join(here, "test"))
    .filter((name) => name.endsWith(".test.ts"))
    .sort()
    .map((name) => join("test", name));
  await build({
    ...common,
    entryPoints: tests,
    outdir: values.tests,
    outExtension: { ".js": ".mjs" },
    platform: "node",
    target: "node20",
  });
} else {
  await build({
    ...common,
    entryPoints: ["src/index.ts"],
    outfile: values.outfile ?? BUNDLE,
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "eof",
  });
}
