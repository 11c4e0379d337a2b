import { describe, expect, it } from "vitest";
import { existingFacilities, lingangGrid, renderMap } from "@siting/lingang";

describe("renderMap", () => {
  const grid = lingangGrid({ year: 2024, zone: "focus", resolution: 500 });
  const chcs = existingFacilities(2024).filter((f) => f.kind === "chc");
  const svg = renderMap({
    grid,
    sites: [...chcs.map((f) => ({ id: f.id, lon: f.lon, lat: f.lat, existing: true, name: f.name })), { id: "new-1", lon: 121.93, lat: 30.93, existing: false, name: "A & <B>" }],
    uncovered: grid.cells.filter((c) => c.residents > 0).slice(0, 25).map((c) => c.id),
    title: "Clinics <test>",
  });

  it("is one well-formed SVG document with the expected groups", () => {
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    for (const id of ["population", "water", "industrial", "zones", "uncovered", "sites-existing", "sites-new", "legend", "scale-bar", "title"]) {
      expect(svg).toContain(`id="${id}"`);
    }
    expect(svg).toContain("Clinics &lt;test&gt;");
    expect(svg).toContain("A &amp; &lt;B&gt;");
    expect(svg).not.toContain("NaN");
    expect(svg).not.toContain("undefined");
    // balanced groups
    expect(svg.match(/<g[ >]/g)!.length).toBe(svg.match(/<\/g>/g)!.length);
  });

  it("draws existing and new sites, uncovered cells, the three zone outlines and a legend", () => {
    const group = (id: string) => svg.slice(svg.indexOf(`id="${id}"`), svg.indexOf("</g>", svg.indexOf(`id="${id}"`)));
    expect(group("sites-existing").match(/<rect /g)!.length).toBeGreaterThanOrEqual(chcs.filter((c) => c.lon > 121.74).length);
    expect(group("sites-new").match(/<circle /g)!.length).toBe(1);
    expect(group("uncovered")).toContain("url(#hatch-uncovered)");
    expect(group("zones").match(/data-zone=/g)!.length).toBe(3);
    expect(group("legend")).toContain("uncovered cells (25)");
    expect(group("scale-bar")).toMatch(/\d+ km/);
  });

  it("is deterministic and compact at 100 m (run-length rows)", () => {
    const g100 = lingangGrid({ year: 2024, zone: "first-start", resolution: 100 });
    const a = renderMap({ grid: g100, title: "t" });
    expect(a).toBe(renderMap({ grid: g100, title: "t" }));
    expect(a.length).toBeLessThan(600_000);
  });
});

describe("renderMap catchments and roles", () => {
  it("draws one line per catchment link and marks committed and planned sites apart", () => {
    const grid = lingangGrid({ year: 2024, zone: "first-start", resolution: 500 });
    const cells = grid.cells.filter((c) => c.residents > 0).slice(0, 7);
    const svg = renderMap({
      grid,
      sites: [
        { id: "a", lon: 121.9, lat: 30.9, existing: false },
        { id: "b", lon: 121.91, lat: 30.91, existing: true, role: "committed", name: "申港" },
        { id: "c", lon: 121.92, lat: 30.92, existing: false, role: "planned" },
      ],
      links: cells.map((c) => ({ from: [c.lon, c.lat] as [number, number], to: [121.9, 30.9] as [number, number] })),
    });
    const group = (id: string) => svg.slice(svg.indexOf(`id="${id}"`), svg.indexOf("</g>", svg.indexOf(`id="${id}"`)));
    expect(group("catchments").match(/<line /g)!.length).toBe(7);
    expect(group("sites-committed")).toContain("申港");
    expect(group("sites-new").match(/<circle /g)!.length).toBe(1);
    expect(group("sites-existing")).toContain('fill="none"');
    expect(group("legend")).toContain("named / committed project (1)");
  });
});
