/**
 * The built CLI runs MIP backends in a worker (`pnpm build` first): `--time-limit` is a hard
 * deadline where javascript-lp-solver stalls, and Ctrl-C (SIGINT) stops a solve at once.
 */
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { evaluate, parseScenario, type Result } from "@siting/core";
import { cliPath, runCli, scratch } from "../support/cli.js";
import { PCENTER_P, STALLING_SEEDS, pcenterInstance } from "./instances.js";

const { file } = scratch("siting-worker-cli-");

describe("siting solve with a MIP backend (built)", () => {
  it("--solver lp-solver --time-limit 3 returns within 10 % + 1 s where the solver stalls, with a re-evaluated answer", () => {
    const doc = pcenterInstance(STALLING_SEEDS[1]);
    const path = file("stall.json", doc);
    const t = performance.now();
    const r = runCli("solve", path, "--problem", "pcenter", "--p", String(PCENTER_P), "--solver", "lp-solver", "--time-limit", "3");
    const seconds = (performance.now() - t) / 1000;
    expect(r.code, r.stderr).toBe(0);
    // the command as a whole, Node's start-up included (the bound is 3 × 1.1 + 1 s, with 0.5 s for a loaded machine)
    expect(seconds).toBeLessThan(3 * 1.1 + 1.5);
    const res = JSON.parse(r.stdout) as Result;
    expect(res.status).toBe("time_limit");
    expect(res.solver).toBe("lp-solver");
    const ev = evaluate(parseScenario(doc), res.problem, res.open);
    expect(ev.feasible).toBe(true);
    expect(res.objective).toBeCloseTo(ev.objective, 9);
  });

  it("Ctrl-C stops a stalled solve at once (exit 130)", async () => {
    const path = file("stall-int.json", pcenterInstance(STALLING_SEEDS[0]));
    const child = spawn(process.execPath, [cliPath, "solve", path, "--problem", "pcenter", "--p", String(PCENTER_P), "--solver", "lp-solver"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.on("exit", (code) => resolve({ code, at: performance.now() })));
    await new Promise((r) => setTimeout(r, 3000));
    expect(child.exitCode).toBeNull(); // still solving
    const sent = performance.now();
    child.kill("SIGINT");
    const { code, at } = await exited;
    expect(code).toBe(130);
    expect(at - sent).toBeLessThan(1500);
    expect(stderr).toContain("interrupted");
  });
});
