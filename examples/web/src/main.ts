/**
 * The demo page: choose a facility type, zone, resolution, problem and solver; the solve runs in a
 * Web Worker (progress bar, Cancel terminates it); the map and the result table show the answer.
 *
 * For tests and links: `index.html?run=1` starts the solve at once (other URL parameters: see
 * model.ts `parseParams` and the README). `document.body.dataset.status` is "idle", "building",
 * "running", then the result's status ("optimal", "feasible", "time_limit", "infeasible"),
 * "cancelled" or "error"; the objective is in `#objective` (its exact value in `data-value`).
 */
/// <reference lib="dom" />
import type { Progress, Result } from "@siting/core";
import { CATCHMENTS, DENSITY_CLASSES, FACILITY_TYPES, RESOLUTIONS, STATED_AREA_KM2, YEARS, ZONES, type FacilityType } from "@siting/lingang";
import { solveInWorker, type WorkerLike } from "@siting/worker";
import { MapView, type Layers } from "./map";
import {
  DEMO_SOLVERS, FACILITY_LABELS, LIMITS, PROBLEM_KINDS, PROBLEM_LABELS,
  buildInput, parseParams, toQuery, type DemoInput, type DemoParams,
} from "./model";
import "./style.css";

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`#${id} is missing from index.html`);
  return e as T;
};

const form = $<HTMLFormElement>("controls");
const field = {
  facility: $<HTMLSelectElement>("facility"),
  zone: $<HTMLSelectElement>("zone"),
  resolution: $<HTMLSelectElement>("resolution"),
  year: $<HTMLSelectElement>("year"),
  problem: $<HTMLSelectElement>("problem"),
  radius: $<HTMLInputElement>("radius"),
  limit: $<HTMLSelectElement>("limit"),
  p: $<HTMLInputElement>("p"),
  budget: $<HTMLInputElement>("budget"),
  spacing: $<HTMLInputElement>("spacing"),
  solver: $<HTMLSelectElement>("solver"),
  timeLimit: $<HTMLInputElement>("timeLimit"),
  seed: $<HTMLInputElement>("seed"),
};
const solveButton = $<HTMLButtonElement>("solve");
const cancelButton = $<HTMLButtonElement>("cancel");
const progressBar = $<HTMLProgressElement>("progress");
const phase = $("phase");
const message = $("message");
const show = {
  coverage: $<HTMLInputElement>("show-coverage"),
  catchments: $<HTMLInputElement>("show-catchments"),
  uncovered: $<HTMLInputElement>("show-uncovered"),
  candidates: $<HTMLInputElement>("show-candidates"),
};
const map = new MapView(document.getElementById("map") as unknown as SVGSVGElement);

const fmt = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined || !Number.isFinite(v) ? "—" : v.toLocaleString("en-US", { maximumFractionDigits: digits });

// ---- the form ------------------------------------------------------------------------------

const options = (sel: HTMLSelectElement, list: readonly (string | number)[], label: (v: string) => string = (v) => v) => {
  sel.replaceChildren(...list.map((v) => new Option(label(String(v)), String(v))));
};
options(field.facility, FACILITY_TYPES, (v) => FACILITY_LABELS[v as FacilityType]);
options(field.zone, ZONES, (v) => `${v} (${STATED_AREA_KM2[v as keyof typeof STATED_AREA_KM2]} km²)`);
options(field.resolution, RESOLUTIONS, (v) => `${v} m`);
options(field.year, YEARS);
options(field.problem, PROBLEM_KINDS, (v) => PROBLEM_LABELS[v as keyof typeof PROBLEM_LABELS]);
options(field.limit, LIMITS, (v) => (v === "p" ? "count of sites (p)" : "budget (million CNY)"));
options(field.solver, DEMO_SOLVERS, (v) => ({ engine: "engine (exact)", heuristic: "heuristic", highs: "HiGHS (MIP)", glpk: "GLPK (MIP)" })[v] ?? v);

function writeForm(p: DemoParams): void {
  for (const k of Object.keys(field) as (keyof typeof field)[]) field[k].value = String(p[k]);
  syncFields();
}

function readForm(): { params: DemoParams; errors: string[] } {
  const q = new URLSearchParams();
  for (const k of Object.keys(field) as (keyof typeof field)[]) q.set(k, field[k].value);
  const { params, errors } = parseParams(q);
  return { params, errors };
}

/** Enables the fields the chosen problem uses. */
function syncFields(): void {
  const pr = field.problem.value;
  const limited = pr === "mclp" || pr === "pmedian";
  field.limit.disabled = !limited;
  field.p.disabled = pr === "lscp" || (limited && field.limit.value !== "p");
  field.budget.disabled = !limited || field.limit.value !== "budget";
  $("radius-note").textContent = pr === "pmedian" || pr === "pcenter" ? "(reported only)" : "";
}

field.facility.addEventListener("change", () => {
  const c = CATCHMENTS[field.facility.value as FacilityType];
  field.radius.value = String(c.radius);
  field.spacing.value = String(c.spacing);
});
field.problem.addEventListener("change", () => {
  syncFields();
  // distance problems: catchments; cover problems: coverage circles
  const distance = field.problem.value === "pmedian" || field.problem.value === "pcenter";
  show.catchments.checked = distance;
  show.coverage.checked = !distance;
  map.applyLayers(layers());
});
field.limit.addEventListener("change", syncFields);

const layers = (): Layers => ({
  coverage: show.coverage.checked,
  catchments: show.catchments.checked,
  uncovered: show.uncovered.checked,
  candidates: show.candidates.checked,
});
for (const c of Object.values(show)) c.addEventListener("change", () => map.applyLayers(layers()));
$("zoom-in").addEventListener("click", () => map.zoomBy(1.5));
$("zoom-out").addEventListener("click", () => map.zoomBy(1 / 1.5));
$("zoom-fit").addEventListener("click", () => map.fit());

$("swatches").replaceChildren(
  ...[...DENSITY_CLASSES.map((c) => [c.color, c.label]), ["#9cc9e8", "water"], ["#c9c9cf", "industrial"]].map(([color, label]) => {
    const span = document.createElement("span");
    const i = document.createElement("i");
    i.style.background = color;
    span.append(i, label);
    return span;
  }),
);

// ---- solving -------------------------------------------------------------------------------

let running: { controller: AbortController; t0: number; timer: number; limit: number } | null = null;
let lastInput: DemoInput | null = null;
/** Problems with the URL's parameters, shown with the first run. */
let urlNotes: string[] = [];

function setStatus(s: string): void {
  document.body.dataset.status = s;
  $("status").textContent = s;
  $("status").className = `status-${s}`;
}

const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));

function objectiveUnit(input: DemoInput): string {
  const who = ({ residents: "residents", kindergarten: "children aged 3–5", primary: "primary-age children", middle: "middle-school-age children" } as Record<string, string>)[input.weightOf] ?? input.weightOf;
  switch (input.problem.type) {
    case "mclp": return `${who} within ${fmt(input.problem.radius, 0)} m`;
    case "lscp": return "million CNY of new sites (every cell covered)";
    case "pmedian": return `${who} × metres to the nearest site`;
    case "pcenter": return "metres: the longest distance to a site";
  }
}

function clearResult(): void {
  for (const id of ["objective", "bound", "gap", "seconds", "open-count", "cost", "coverage", "distances", "solver-used"]) $(id).textContent = "—";
  $("objective").removeAttribute("data-value");
  $("objective-unit").textContent = "";
  $("open-sites").replaceChildren();
}

function showResult(input: DemoInput, r: Result, wall: number): void {
  const obj = $("objective");
  obj.textContent = fmt(r.objective, 3);
  if (r.objective !== null) obj.dataset.value = String(r.objective);
  $("objective-unit").textContent = objectiveUnit(input);
  $("bound").textContent = fmt(r.bound, 3);
  $("gap").textContent = r.gap === null ? "—" : `${fmt(r.gap * 100, 3)} %`;
  $("seconds").textContent = `${fmt(r.seconds, 2)} s (page: ${fmt(wall, 2)} s)`;
  const nExisting = r.sites.filter((s) => s.existing).length;
  $("open-count").textContent = `${r.open.length} (${nExisting} existing + ${r.open.length - nExisting} new)`;
  $("open-count").dataset.value = String(r.open.length);
  $("cost").textContent = `${fmt(r.cost, 2)} M CNY`;
  $("coverage").textContent = input.problem.radius !== undefined ? `${fmt(r.coverage.fraction * 100, 2)} % within ${fmt(input.problem.radius, 0)} m (${fmt(r.coverage.covered, 0)} of ${fmt(r.coverage.total, 0)})` : "—";
  $("distances").textContent = r.maxDistance === null ? "—" : `max ${fmt(r.maxDistance, 0)} m, mean ${fmt(r.meanDistance, 0)} m`;
  $("solver-used").textContent = r.solver;
  const byId = new Map(input.scenario.sites.map((s) => [s.id, s]));
  $("open-sites").replaceChildren(
    ...r.sites.map((s) => {
      const tr = document.createElement("tr");
      tr.dataset.site = s.id;
      for (const v of [s.id, byId.get(s.id)?.name ?? "", s.existing ? "existing" : "new", s.existing ? "—" : fmt(s.cost, 2), fmt(s.load, 0), fmt(s.coveredLoad, 0)]) {
        const td = document.createElement("td");
        td.textContent = v;
        tr.appendChild(td);
      }
      return tr;
    }),
  );
  if (r.message) message.textContent = [message.textContent, r.message].filter(Boolean).join("; ");
}

async function run(): Promise<void> {
  if (running) return;
  const { params, errors } = readForm();
  message.textContent = [...urlNotes, ...errors].join("; ");
  urlNotes = [];
  history.replaceState(null, "", toQuery(params));
  clearResult();
  setStatus("building");
  phase.textContent = "building the grid and the scenario…";
  progressBar.removeAttribute("value");
  solveButton.disabled = true;
  await nextFrame();
  let input: DemoInput;
  try {
    input = buildInput(params);
  } catch (e) {
    setStatus("error");
    message.textContent = (e as Error).message;
    solveButton.disabled = false;
    progressBar.value = 0;
    phase.textContent = "";
    return;
  }
  lastInput = input;
  map.setInput(input, layers());
  $("input-summary").textContent = `${input.scenario.demand.length.toLocaleString("en-US")} demand cells, ${input.scenario.sites.length} sites (${input.scenario.sites.filter((s) => s.existing).length} existing), ${input.grid.totals.residents.toLocaleString("en-US")} residents — synthetic grid`;

  const controller = new AbortController();
  const t0 = performance.now();
  const limit = input.options.timeLimit;
  let last: Progress | null = null;
  const tick = () => {
    const s = (performance.now() - t0) / 1000;
    progressBar.value = Math.min(1, s / limit);
    const best = last?.objective !== undefined ? ` · best ${fmt(last.objective, 3)}` : "";
    phase.textContent = `${last?.phase ?? "starting the worker"}${best} · ${s.toFixed(1)} s of ≤ ${limit} s`;
  };
  running = { controller, t0, timer: window.setInterval(tick, 200), limit };
  progressBar.max = 1;
  progressBar.value = 0;
  cancelButton.disabled = false;
  setStatus("running");
  tick();
  try {
    const result = await solveInWorker(input.scenario, input.problem, {
      ...input.options,
      signal: controller.signal,
      onProgress: (p: Progress) => {
        last = p;
      },
      // our own worker script (serveSolves with the backends), bundled by Vite; the cast: the DOM's
      // removeEventListener signature does not match WorkerLike's optional one (reported)
      worker: () => new Worker(new URL("./solve.worker.ts", import.meta.url), { type: "module" }) as unknown as WorkerLike,
    });
    const wall = (performance.now() - t0) / 1000;
    if (lastInput !== input) return;
    map.setResult(result, layers());
    showResult(input, result, wall);
    progressBar.value = 1;
    phase.textContent = `done in ${wall.toFixed(2)} s: ${result.status}`;
    setStatus(result.status);
  } catch (e) {
    const err = e as Error;
    const wall = (performance.now() - t0) / 1000;
    if (controller.signal.aborted || err?.name === "AbortError") {
      phase.textContent = `cancelled after ${wall.toFixed(1)} s (the worker was terminated)`;
      setStatus("cancelled");
    } else {
      message.textContent = err?.message ?? String(e);
      phase.textContent = `failed after ${wall.toFixed(1)} s`;
      setStatus("error");
    }
    progressBar.value = 0;
  } finally {
    if (running) clearInterval(running.timer);
    running = null;
    cancelButton.disabled = true;
    solveButton.disabled = false;
  }
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  void run();
});
cancelButton.addEventListener("click", () => running?.controller.abort());

// ---- start ---------------------------------------------------------------------------------

const start = parseParams(location.search);
writeForm(start.params);
show.catchments.checked = start.params.problem === "pmedian" || start.params.problem === "pcenter";
show.coverage.checked = !show.catchments.checked;
urlNotes = start.errors.map((e) => `URL ${e} (the default is used)`);
message.textContent = urlNotes.join("; ");
setStatus("idle");
clearResult();
if (start.run) void run();
else {
  // draw the default grid so the page is not empty
  try {
    const input = buildInput(start.params);
    lastInput = input;
    map.setInput(input, layers());
  } catch (e) {
    message.textContent = (e as Error).message;
  }
}
