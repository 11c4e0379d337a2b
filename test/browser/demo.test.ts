/**
 * The demo page (examples/web) in a real browser: builds it with Vite (or reuses a fresh build),
 * serves examples/web/dist with a tiny static server, drives Debian's chromium through
 * playwright-core (no browser download), and checks
 *  - `index.html?run=1`: the default solve ends, and the objective and the open sites drawn on the
 *    map are those of `solve` run here in Node on the same input (same builder, model.ts);
 *  - the map pans and zooms;
 *  - a long solve is cancelled within seconds (the worker is terminated);
 * and saves a screenshot to docs/demo.png.
 *
 * Chromium: /usr/bin/chromium, or the CHROMIUM environment variable. Without it the tests are
 * skipped (with a warning), or fail when CI is set (CI installs it: apt-get install -y chromium).
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { solve } from "@siting/core";
import { buildInput, parseParams } from "../../examples/web/src/model";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WEB = join(ROOT, "examples/web");
const DIST = join(WEB, "dist");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const CI = !!process.env.CI;
const FINAL = ["optimal", "feasible", "time_limit", "infeasible", "error", "cancelled"];

if (!HAVE_CHROMIUM && !CI) {
  console.warn(`[demo.test] SKIPPED: no chromium at ${CHROMIUM} (install Debian's chromium, apt-get install -y chromium, or set CHROMIUM=/path/to/chrome)`);
}

/** Newest modification time (ms) of the files under `dir` (recursively), skipping node_modules and dist. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) {
    if (name === "node_modules" || name === "dist") continue;
    t = Math.max(t, newest(join(path, name)));
  }
  return t;
}

/** Builds the page with Vite's JS API unless examples/web/dist is newer than its sources and the packages' builds. */
async function buildPage(): Promise<{ built: boolean; seconds: number }> {
  const t0 = performance.now();
  const inputs = [join(WEB, "index.html"), join(WEB, "vite.config.ts"), join(WEB, "src")];
  for (const p of ["core", "lingang", "highs", "glpk", "worker"]) inputs.push(join(ROOT, "packages", p, "dist"));
  const sources = Math.max(...inputs.map((p) => (p.endsWith("dist") ? newestAll(p) : newest(p))));
  const out = join(DIST, "index.html");
  if (existsSync(out) && statSync(out).mtimeMs > sources) return { built: false, seconds: 0 };
  const { build } = await import("vite");
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = "production"; // vitest sets "test"; the page is built as for `pnpm demo:build`
  try {
    await build({ configFile: join(WEB, "vite.config.ts"), root: WEB, mode: "production", logLevel: "warn" });
  } finally {
    process.env.NODE_ENV = env;
  }
  return { built: true, seconds: (performance.now() - t0) / 1000 };
}

/** Newest mtime of every file under a build folder. */
function newestAll(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    t = Math.max(t, st.isDirectory() ? newestAll(p) : st.mtimeMs);
  }
  return t;
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".map": "application/json",
};

/** A plain static file server for `dir` on a free port (what "any static file server" means). */
function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const file = normalize(join(dir, path.endsWith("/") ? `${path}index.html` : path));
    if (!(file + sep).startsWith(dir + sep) && file !== dir) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
  });
}

const statusOf = (page: Page) => page.evaluate(() => document.body.dataset.status ?? "");

describe.skipIf(!HAVE_CHROMIUM && !CI)("demo page in Chromium (examples/web)", () => {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let base = "";
  const errors: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) return; // CI: each test fails with the reason
    const b = await buildPage();
    console.log(b.built ? `[demo.test] built examples/web/dist in ${b.seconds.toFixed(1)} s` : "[demo.test] examples/web/dist is fresh: reused");
    const s = await serve(DIST);
    server = s.server;
    base = s.url;
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  });

  async function open(query: string): Promise<Page> {
    if (!HAVE_CHROMIUM) throw new Error(`no chromium at ${CHROMIUM}: CI must install it (apt-get install -y chromium) or set CHROMIUM`);
    const page = await browser!.newPage({ viewport: { width: 1280, height: 880 } });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("response", (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    await page.goto(`${base}/index.html${query}`);
    return page;
  }

  it("runs the default solve (?run=1) and draws what solve() in Node finds", async () => {
    const query = "?run=1";
    const page = await open(query);
    await page.waitForFunction((final) => final.includes(document.body.dataset.status ?? ""), FINAL, { timeout: 120_000 });
    const shown = await page.evaluate(() => ({
      status: document.body.dataset.status,
      objectiveText: document.getElementById("objective")?.textContent ?? "",
      objectiveValue: document.getElementById("objective")?.dataset.value ?? "",
      sites: Array.from(document.querySelectorAll<SVGElement>("#sites [data-site]")).map((e) => e.dataset.site ?? ""),
      rows: document.querySelectorAll("#open-sites tr").length,
      message: document.getElementById("message")?.textContent ?? "",
    }));
    expect(shown.message, "the page reported a problem").toBe("");

    // the same input, built by the same code, solved here
    const { params } = parseParams(query);
    const input = buildInput(params);
    const r = await solve(input.scenario, input.problem, input.options);

    expect(shown.status).toBe(r.status);
    expect(r.objective).not.toBeNull();
    const value = Number(shown.objectiveValue);
    expect(Math.abs(value - r.objective!)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(r.objective!)));
    const text = Number(shown.objectiveText.replace(/,/g, ""));
    expect(Math.abs(text - r.objective!)).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(r.objective!)));
    expect(shown.sites.length).toBe(r.open.length);
    expect(new Set(shown.sites)).toEqual(new Set(r.open));
    expect(shown.rows).toBe(r.sites.length);

    // pan and zoom: the wheel and a drag change the view box
    const box = (await page.locator("#map").boundingBox())!;
    const vb0 = await page.getAttribute("#map", "viewBox");
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((v) => document.getElementById("map")?.getAttribute("viewBox") !== v, vb0);
    const vb1 = await page.getAttribute("#map", "viewBox");
    expect(Number(vb1!.split(" ")[2])).toBeLessThan(Number(vb0!.split(" ")[2]));
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 4 });
    await page.mouse.up();
    const vb2 = await page.getAttribute("#map", "viewBox");
    expect(vb2).not.toBe(vb1);
    await page.click("#zoom-fit");
    expect(await page.getAttribute("#map", "viewBox")).toBe(vb0);

    mkdirSync(join(ROOT, "docs"), { recursive: true });
    await page.screenshot({ path: join(ROOT, "docs/demo.png") });
    await page.close();
    expect(errors).toEqual([]);
  }, 180_000);

  it("cancels a long solve within seconds (the worker is terminated)", async () => {
    // a p-median on the whole area with HiGHS: a MIP with over a million variables, far from done in 10 s
    const page = await open("?run=1&zone=all&resolution=500&problem=pmedian&p=40&solver=highs&timeLimit=600");
    await page.waitForFunction(() => document.body.dataset.status === "running", undefined, { timeout: 60_000 });
    await expect.poll(() => page.workers().length, { timeout: 10_000 }).toBe(1);
    const worker = page.workers()[0];
    const closed = new Promise<void>((r) => worker.once("close", () => r()));
    await page.waitForTimeout(3_000);
    expect(await statusOf(page)).toBe("running");
    const t0 = performance.now();
    await page.click("#cancel");
    await page.waitForFunction(() => document.body.dataset.status === "cancelled", undefined, { timeout: 5_000 });
    const seconds = (performance.now() - t0) / 1000;
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error("the worker was not terminated")), 5_000))]);
    expect(seconds).toBeLessThan(5);
    expect(await page.textContent("#phase")).toMatch(/cancelled/);
    expect(await page.isDisabled("#cancel")).toBe(true);
    expect(await page.isEnabled("#solve")).toBe(true);
    await page.close();
    expect(errors).toEqual([]);
  }, 180_000);
});
