/**
 * THE assumptions table: every number the synthetic grid, the facility sets and the scenarios use
 * that is not a plan standard (those are in `standards.ts`). Each entry carries its unit, a
 * confidence grade (as in FACTS.md: S = stated by the cited source, S2 = secondary/aggregator
 * page, D = derived from sourced values, E = estimate from general knowledge, for synthetic data
 * only) and where it comes from. Costs are in million CNY and are order-of-magnitude estimates (E).
 */
import type { Grade, TownId } from "./places.js";

export interface Assumption {
  value: number;
  unit: string;
  grade: Grade;
  source: string;
}

const a = (value: number, unit: string, grade: Grade, source: string): Assumption => ({ value, unit, grade, source });

const F3 = "FACTS.md §3";
const SPLIT = `${F3} per-town split for a synthetic 2024 total (E): no per-town census figures were found`;
const GROWTH = "E: growth to 2035 put mainly into 南汇新城 (one of Shanghai's five new cities, ≈ 1 million each by 2035, S2 FACTS §3) and the other towns of the focus zone, the rest into the Fengxian parts";

/** Residents per town, calibrated exactly (zone "all"). */
export const TOWN_RESIDENTS: Record<2024 | 2035, Record<TownId, Assumption>> = {
  2024: {
    "nanhui-xincheng": a(330_000, "residents", "E", `${SPLIT}; includes ≈ 60–70k students`),
    nicheng: a(85_000, "residents", "E", SPLIT),
    shuyuan: a(70_000, "residents", "E", SPLIT),
    wanxiang: a(35_000, "residents", "E", SPLIT),
    situan: a(20_000, "residents", "E", `${SPLIT}: Fengxian parts ≈ 60k, split here by town (E)`),
    haiwan: a(18_000, "residents", "E", `${SPLIT}: Fengxian parts ≈ 60k; 海湾 total pop. 32,917 (S2, c. 2012) of which part inside`),
    fengcheng: a(10_000, "residents", "E", `${SPLIT}: Fengxian parts ≈ 60k`),
    qingcun: a(7_000, "residents", "E", `${SPLIT}: Fengxian parts ≈ 60k`),
    jinhui: a(5_000, "residents", "E", `${SPLIT}: Fengxian parts ≈ 60k`),
    datuan: a(10_000, "residents", "E", `${SPLIT}: airport-south, 大团 part (and 浦江 part, not modelled) ≈ 20k`),
    zhuqiao: a(8_000, "residents", "E", `${SPLIT}: airport-south, 大团 part ≈ 20k`),
    xiaoyangshan: a(2_000, "residents", "E", `${SPLIT}: port staff housing, part of the ≈ 20k 'others'`),
  },
  2035: {
    "nanhui-xincheng": a(1_050_000, "residents", "E", GROWTH),
    nicheng: a(220_000, "residents", "E", GROWTH),
    shuyuan: a(300_000, "residents", "E", GROWTH),
    wanxiang: a(180_000, "residents", "E", GROWTH),
    situan: a(230_000, "residents", "E", GROWTH),
    haiwan: a(170_000, "residents", "E", GROWTH),
    fengcheng: a(110_000, "residents", "E", GROWTH),
    qingcun: a(60_000, "residents", "E", GROWTH),
    jinhui: a(40_000, "residents", "E", GROWTH),
    datuan: a(90_000, "residents", "E", GROWTH),
    zhuqiao: a(40_000, "residents", "E", GROWTH),
    xiaoyangshan: a(10_000, "residents", "E", GROWTH),
  },
};

export const ASSUMPTIONS = {
  // ---- population totals ------------------------------------------------------------------
  "population.2024.total": a(600_000, "residents", "S", "en.lingang.gov.cn (2024): 'reached 600,000' (FACTS §3); = Σ TOWN_RESIDENTS[2024]"),
  "population.2035.total": a(2_500_000, "residents", "S", "shine.cn 2006230781: draft 2035 plan 'more than 2.5 million' (FACTS §3); we use the floor, 2.5 M; = Σ TOWN_RESIDENTS[2035]"),
  "population.2024.students": a(65_000, "residents", "S2", "FACTS §3: ≈ 60–70k students in 南汇新城 (SHOU ≈ 16–18k, SMU > 18k, S); placed in 临港大学城, part of 南汇新城's total"),
  "population.2035.students": a(80_000, "residents", "E", "E: campus growth to 2035"),
  // ---- density pattern (persons/km² before each town is scaled to its total) -------------
  "density.newcity.built": a(12_000, "persons/km²", "E", "FACTS §3: new-city ring ≈ 8–15k/km² in built blocks"),
  "density.newcity.open": a(1_500, "persons/km²", "E", "E: parks, commercial and civic blocks inside the new-city ring"),
  "density.newcity.builtShare": a(0.45, "share of ring cells (2024; ≈ 0.6 in 2035)", "E", "E: built residential blocks vs. parks/civic land"),
  "density.newcity.inner": a(1_700, "m from lake centre", "E", "E: lakeside park ring (lake radius 1,330 m + ≈ 370 m of park and ring road)"),
  "density.newcity.outer.2024": a(3_600, "m from lake centre", "E", "E: 2024 built-up extent of the main city around Dishui Lake"),
  "density.newcity.outer.2035": a(7_500, "m from lake centre", "E", "E: 2035 extent (construction land 292 km², S, FACTS §3)"),
  "density.newcity.fade": a(1_500, "m", "E", "E: linear fade to village density outside the ring"),
  "density.seat.peak": a(5_000, "persons/km²", "E", "FACTS §3: old town seats 3–6k/km² (Gaussian bump; σ per town below, then scaled)"),
  "density.seat.sigma.2024": a(1_100, "m", "E", "E: typical seat σ; big towns use 1.3–1.6×, small parts 0.7×"),
  "density.seat.sigma.2035": a(2_200, "m", "E", "E: seats grow into new districts by 2035"),
  "density.village": a(350, "persons/km²", "E", "FACTS §3: farmland and villages 200–600/km² (noise-modulated 100–600)"),
  "density.campus": a(9_000, "persons/km²", "E", "E: student housing in 临港大学城, radius 1.4 km"),
  "density.industrial": a(0, "persons/km²", "E", "FACTS §3: industrial zones 'close to 0' (装备产业区, Tesla area, Yangshan port): modelled as 0"),
  "water.share": a(0.088, "share of the mainland", "S2", "FACTS §1: river/lake water-surface ratio 8.8 % (incl. Dishui Lake 5.56 km², S); synthetic meandering channels elsewhere"),
  // ---- age structure --------------------------------------------------------------------------
  "age.0to14": a(0.098, "share of residents", "S2", "Shanghai 2020 census: 0–14 = 9.8 % (FACTS §3); split into single-year cohorts by birth year (cohorts.ts, D) and scaled by land use"),
  "children.factor.newcity": a(1.2, "× cohort share", "E", "FACTS §8: higher in a young in-migrant new town"),
  "children.factor.town": a(1.0, "× cohort share", "E", "E: old town seats at the city average"),
  "children.factor.village": a(0.8, "× cohort share", "E", "E: ageing villages"),
  "children.factor.none": a(0, "× cohort share", "E", "issue: no children in port housing (小洋山), the airport-south dormitory strip or industrial cells; students of the university town are residents but not parents"),
  "margin.schools": a(1.1, "× need", "E", "FACTS §8 / plan §四(一)1 “按照应建尽建、适度超前的原则”: forward margin 1.1–1.2 on schools (the principle S, the factor E)"),
  "margin.eldercare": a(1.1, "× need", "E", "FACTS §8: forward margin 1.1–1.2 on elder care (E)"),
  "age.60plus.newcity.2024": a(0.14, "share of residents", "E", "FACTS §3: new city 12–16 % aged 60+"),
  "age.60plus.town.2024": a(0.28, "share of residents", "E", "FACTS §3: old rural towns 28–35 %"),
  "age.60plus.village.2024": a(0.33, "share of residents", "E", "FACTS §3: old rural towns 28–35 %"),
  "age.60plus.newcity.2035": a(0.16, "share of residents", "E", "E: in-migration keeps the new city young"),
  "age.60plus.town.2035": a(0.3, "share of residents", "E", "E: ageing (Shanghai 60+ 23.38 % in 2020, S2)"),
  "age.60plus.village.2035": a(0.35, "share of residents", "E", "E: ageing"),
  "age.60plus.campus": a(0.01, "share of residents", "E", "E: staff only"),
  // ---- facilities: capacities and costs (cost unit: million CNY) --------------------------
  "chc.existing.gps": a(20, "GPs per existing CHC", "E", "E: ≈ 0.3 GPs/1,000 today over 9 CHCs for 600k (the plan raises it to 0.45)"),
  "chc.module.XS.gps": a(4, "GPs", "E", "E: the smallest health station (社区卫生服务站) a 15-minute circle at the new city's edges can fill: national basic standard for community health stations (2006): at least 2 GPs (general knowledge, not re-read); 4 GPs at 0.45/1,000 serve ≈ 8,900 residents, ≈ 5,300 at 60 % use"),
  "chc.module.XS.cost": a(8, "million CNY", "E", "E: ≈ 800 m² fitted out"),
  "chc.module.S.gps": a(8, "GPs", "E", "FACTS §8: a health station (社区卫生服务站, 10-min level) per 1.5–2.5万 residents ⇒ 7–11 GPs at 0.45/1,000"),
  "chc.module.S.cost": a(15, "million CNY", "E", "E: ≈ 1,500 m² fitted out"),
  "chc.module.M.gps": a(25, "GPs", "E", "FACTS §8: a CHC of 25–40 GPs (E)"),
  "chc.module.M.cost": a(60, "million CNY", "E", "E: ≈ 7,500 m² at ≈ 8,000 CNY/m²"),
  "chc.module.L.gps": a(40, "GPs", "E", "FACTS §8: a CHC of 25–40 GPs (E)"),
  "chc.module.L.cost": a(90, "million CNY", "E", "E: ≈ 11,000 m²"),
  "chc.expansion.gps": a(10, "GPs", "E", "E: an extension wing or GP team rooms at an existing CHC"),
  "chc.expansion.cost": a(20, "million CNY", "E", "E"),
  "chc.plan.costFactor": a(0.8, "× module cost", "E", "E: the plan's named new/relocated CHCs (申港, 万祥, 书院, 四团平安) already have land and budget lines"),
  "hospital.liuyuan.beds": a(600, "beds", "S", "en.wikipedia Shanghai Sixth People's Hospital (FACTS §2); point E ±1.5 km"),
  "hospital.pudong.beds": a(700, "beds", "S", "en.lingang.gov.cn Healthcare/794002 (FACTS §2): planned 2025; point E ±4 km"),
  "school.kindergarten.existing.seats": a(360, "seats", "E", "E: one 12-class kindergarten assumed at each town seat"),
  "school.primary.existing.seats": a(1_000, "seats", "E", "E: one 25-class central primary school assumed at each town seat"),
  "school.middle.existing.seats": a(1_080, "seats", "E", "E: one 24-class middle school assumed at each town seat"),
  "school.shzx-east.seats": a(1_200, "seats", "E", "E: 上海中学东校 junior section (existence S, scholarmate; point E ±3 km)"),
  "school.hsefz-lingang.seats": a(1_500, "seats", "E", "E: 华二附中临港 (under construction, S zh-Wikipedia; point E ±4 km); a candidate in 2024, existing in 2035"),
  "school.kindergarten.module.S": a(270, "seats", "E", "FACTS §8: 9 classes × 30"),
  "school.kindergarten.module.S.cost": a(30, "million CNY", "E", "E"),
  "school.kindergarten.module.M": a(360, "seats", "E", "FACTS §8: 12 classes × 30"),
  "school.kindergarten.module.M.cost": a(38, "million CNY", "E", "E"),
  "school.kindergarten.module.L": a(450, "seats", "E", "FACTS §8: 15 classes × 30"),
  "school.kindergarten.module.L.cost": a(45, "million CNY", "E", "E"),
  "school.kindergarten.expansion": a(90, "seats", "E", "E: 3 more classes at an existing kindergarten"),
  "school.kindergarten.expansion.cost": a(10, "million CNY", "E", "E"),
  "school.primary.module.S": a(960, "seats", "E", "FACTS §8: the 24-class standard design × 40 pupils"),
  "school.primary.module.S.cost": a(90, "million CNY", "E", "E"),
  "school.primary.module.M": a(1_200, "seats", "E", "FACTS §8: 30 classes × 40"),
  "school.primary.module.M.cost": a(110, "million CNY", "E", "E"),
  "school.primary.module.L": a(1_440, "seats", "E", "FACTS §8: 36 classes × 40"),
  "school.primary.module.L.cost": a(130, "million CNY", "E", "E"),
  "school.primary.expansion": a(240, "seats", "E", "E: 6 more classes at an existing school"),
  "school.primary.expansion.cost": a(25, "million CNY", "E", "E"),
  "school.middle.module.XS": a(720, "seats", "E", "建标102-2002 (national school building standard, table 4-1; S2 via haowendang.cn) sizes 初级中学 from 18 classes and 九年制学校 at 18/27/36/45 classes (2–5 classes per grade); Shanghai's 4-year middle school at 4 classes per grade = 16 classes (D) × 45 pupils (E) — a small middle school, or the middle section of a 36-class 九年一贯制 school, for the new city's edges where a 24-class school cannot be filled within 1,500 m"),
  "school.middle.module.XS.cost": a(80, "million CNY", "E", "E: ≈ 0.75 × the 24-class cost, as 建标102-2002 table 4-1's floor areas (18-class 初级中学 5,500 m², 24-class 7,328 m²; S2)"),
  "school.middle.module.XXS": a(360, "seats", "E", "建标102-2002 (table 4-1; S2 via haowendang.cn) sizes 九年制学校 from 18 classes (2 classes per grade); its middle section under Shanghai's 5+4 system: 2 classes × 4 grades = 8 classes × 45 pupils (E) — for a village or edge catchment where a 16-class school cannot be filled to its minimum"),
  "school.middle.module.XXS.cost": a(45, "million CNY", "E", "E: ≈ 0.56 × the 16-class school (the shared halls and grounds of the 九年一贯制 school do not halve with the classes); per seat 0.125 M against 0.111 (16 classes) and 0.097 (24 classes), so scale still pays"),
  "school.middle.module.S": a(1_080, "seats", "E", "FACTS §8: 24 classes × 45"),
  "school.middle.module.S.cost": a(105, "million CNY", "E", "E"),
  "school.middle.module.M": a(1_260, "seats", "E", "FACTS §8: 28 classes × 45"),
  "school.middle.module.M.cost": a(118, "million CNY", "E", "E"),
  "school.middle.module.L": a(1_440, "seats", "E", "FACTS §8: 32 classes × 45"),
  "school.middle.module.L.cost": a(130, "million CNY", "E", "E"),
  "school.middle.expansion": a(360, "seats", "E", "E: 8 more classes at an existing school"),
  "school.middle.expansion.cost": a(35, "million CNY", "E", "E"),
  "eldercare.existing.m2": a(1_200, "m² floor area", "E", "E: one 社区综合为老服务中心 assumed at each town seat"),
  "eldercare.module.S": a(300, "m² floor area", "E", "E: 助餐点 / day-care station"),
  "eldercare.module.S.cost": a(3, "million CNY", "E", "E: fit-out of leased space"),
  "eldercare.module.M": a(600, "m² floor area", "E", "E: day-care centre"),
  "eldercare.module.M.cost": a(5.5, "million CNY", "E", "E"),
  "eldercare.module.L": a(1_200, "m² floor area", "E", "E: 综合为老服务中心"),
  "eldercare.module.L.cost": a(10, "million CNY", "E", "E"),
  "eldercare.expansion": a(300, "m² floor area", "E", "E: a day-care extension at an existing centre"),
  "eldercare.expansion.cost": a(3, "million CNY", "E", "E"),
  "eldercare.colocated.factor": a(0.8, "× module cost", "E", "E: an elder-care module in a new CHC building shares land, entrance and services (saves ≈ 20 %)"),
  "station.cost": a(1, "million CNY", "E", "E: a 家门口服务站 in existing floor space (fit-out)"),
  "station.capacity": a(10_000, "residents", "E", "FACTS §4: the 5-min circle's 5–12k residents (E): one station per 5-min circle, at least 60 % of it (6,000) at opening"),
  "station.existing": a(1, "stations per town seat", "E", "E: one station assumed at each town seat"),
  "minUse": a(0.6, "share of capacity", "E", "FACTS §8: a new facility should run at ≥ 60–70 % of its capacity at opening"),
  "urban.density": a(1_500, "residents/km²", "E", "a cell is urban at ≥ 1,500 residents/km² (the density threshold of the EU/OECD degree of urbanisation for urban centres, general knowledge, E)"),
  "distanceCost": a(1e-9, "million CNY per resident·m", "E", "E: a nominal travel cost, so that among plans of equal cost the shorter trips win: small against any facility cost and against the plan (≈ 0.1–0.6 % of a type's objective in the first-start zone, so the gap measures the cost; at 1e-8 it was 1.5–5 %, and the gap to HiGHS's bound was mostly travel)"),
  "budget.clinics": a(300, "million CNY", "E", "E: default budget of the budgeted coverage (MCLP) variant"),
  "budget.schools-kindergarten": a(400, "million CNY", "E", "E: default budget of the MCLP variant"),
  "budget.schools-primary": a(1_000, "million CNY", "E", "E: default budget of the MCLP variant"),
  "budget.schools-middle": a(1_000, "million CNY", "E", "E: default budget of the MCLP variant"),
  "budget.eldercare": a(100, "million CNY", "E", "E: default budget of the MCLP variant"),
  "budget.stations": a(50, "million CNY", "E", "E: default budget of the MCLP variant"),
  "candidates.spacing": a(500, "m", "E", "FACTS §5: a 500 m lattice over built cells (configurable)"),
  "candidates.minResidents": a(1, "residents per cell", "E", "E: 'built' = a land cell with residents (not water, not industrial)"),
} as const satisfies Record<string, Assumption>;

export type AssumptionKey = keyof typeof ASSUMPTIONS;

export interface AssumptionRow extends Assumption {
  key: string;
}

/** Every assumption (including the per-town totals) as rows, e.g. for a report table. */
export function assumptionsTable(): AssumptionRow[] {
  const rows: AssumptionRow[] = [];
  for (const year of [2024, 2035] as const) {
    for (const [town, v] of Object.entries(TOWN_RESIDENTS[year])) rows.push({ key: `population.${year}.${town}`, ...v });
  }
  for (const [key, v] of Object.entries(ASSUMPTIONS)) rows.push({ key, ...v });
  return rows;
}
