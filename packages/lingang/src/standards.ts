/**
 * The plan's standards as data. Each cites its section of 《临港新片区高质量社会服务体系建设规划》
 * (沪发改社〔2021〕9号, 2021-03-15; text in shared/seeds) with a quote, or the national / Shanghai
 * norm recorded in FACTS.md §4.
 */

export interface WalkRadiusOptions {
  /** minutes of walking (default 15) */
  minutes?: number;
  /** walking speed in km/h (default 4.5) */
  speedKmh?: number;
  /** network / straight-line distance ratio (default 1.4) */
  detour?: number;
  /** round to this many metres (default 100; 0 = no rounding) */
  roundTo?: number;
}

/**
 * Straight-line radius of a walk: minutes × speed / detour. Default: 15 min at 4.5 km/h =
 * 1,125 m on the network, ÷ 1.4 ≈ 804 m straight-line → 800 m (FACTS.md §4: "common planning
 * heuristic", E; the research range for a suitable walk is 800–1,100 m, S).
 */
export function walkRadius(options: WalkRadiusOptions = {}): number {
  const { minutes = 15, speedKmh = 4.5, detour = 1.4, roundTo = 100 } = options;
  const m = (minutes / 60) * speedKmh * 1000 / detour;
  return roundTo > 0 ? Math.round(m / roundTo) * roundTo : m;
}

export interface Standard {
  id: string;
  title: string;
  value: number;
  unit: string;
  /** the plan section or norm, with a quote */
  source: string;
  grade: "S" | "S2" | "D" | "E";
}

export const LIFE_CIRCLE_RADIUS_M = walkRadius();

export const STANDARDS = {
  lifeCircle: {
    id: "life-circle-15min",
    title: "15-minute life circle (straight-line walking radius)",
    value: LIFE_CIRCLE_RADIUS_M,
    unit: "m",
    source:
      "plan §三.3 发展目标: “到2025年……先行启动区15分钟生活圈实现全覆盖” and “到2035年……15分钟生活圈覆盖新片区全域”; " +
      "GB 50180-2018: 15-minute walk (FACTS §4, S); radius = 15 min × 4.5 km/h ÷ detour 1.4 ≈ 800 m (FACTS §4, E; configurable via walkRadius())",
    grade: "E",
  },
  gpPerThousand: {
    id: "gp-0.45",
    title: "General practitioners per 1,000 residents (2025)",
    value: 0.45,
    unit: "GPs per 1,000 residents",
    source: "plan §四(二)5 建设智慧便捷、全面高效的基层医疗服务体系: “在全域范围内加快全科医生配备和引入力度,到2025年每千人口全科医生数达到0.45人”",
    grade: "S",
  },
  chcPlan: {
    id: "chc-new-relocated",
    title: "New and relocated community health centres named by the plan",
    value: 4,
    unit: "CHCs (申港, 万祥, 书院, 四团平安)",
    source: "plan §四(二)5: “加快推进申港、万祥和书院、四团平安等社区卫生服务中心新建和迁建工程项目”",
    grade: "S",
  },
  eldercareArea: {
    id: "eldercare-40m2",
    title: "Community elder-care floor area per 1,000 residents, within 15 minutes",
    value: 40,
    unit: "m² per 1,000 residents",
    source:
      "plan §四(四)13 完善家门口养老服务: “按照每千人建筑面积不低于40平方米的标准完善社区养老服务设施布局,按照“15分钟养老服务圈”完善嵌入式养老服务体系”; " +
      "Shanghai Elderly Care Services Regulation (in force 2021-03-20, FACTS §4, S)",
    grade: "S",
  },
  kindergartenRadius: {
    id: "kindergarten-300m",
    title: "Kindergarten service radius",
    value: 300,
    unit: "m",
    source: "GB 50180 table: kindergarten ≤ 300 m (FACTS §4, S); plan §四(一)1: “完善普惠性学前教育和托育服务体系”",
    grade: "S",
  },
  primaryRadius: {
    id: "primary-500m",
    title: "Primary school service radius",
    value: 500,
    unit: "m",
    source: "GB 50180 table: primary school ≤ 500 m (FACTS §4, S); plan §四(一)1: “推进公建配套学校应建尽建、高标准实施”",
    grade: "S",
  },
  middleRadius: {
    id: "middle-1000m",
    title: "Middle school service radius",
    value: 1000,
    unit: "m",
    source: "GB 50180 table: middle school ≤ 1,000 m (FACTS §4, S); plan §四(一)1: “推进公建配套学校应建尽建、高标准实施”",
    grade: "S",
  },
  seatsPerChild: {
    id: "seats-per-child",
    title: "School seats per resident child of the level's ages",
    value: 1,
    unit: "seats per child",
    source: "E: every resident child gets a seat at its level (plan §四(一)1 “按照应建尽建、适度超前的原则”); children by single-year cohorts from births by year, scaled to 9.8 % aged 0–14 in 2020 (Shanghai census, S2; cohorts.ts, D)",
    grade: "E",
  },
  doorstepStations: {
    id: "doorstep-stations",
    title: "Doorstep service stations (家门口服务站): everyone within the 15-minute circle",
    value: LIFE_CIRCLE_RADIUS_M,
    unit: "m",
    source:
      "plan §四(四)11 加快家门口综合服务设施布局: “按照15分钟生活圈的建设目标,以服务人口、服务半径为依据,在新片区范围全面规划建设社区综合服务设施……打造具有临港特色的家门口服务站”",
    grade: "S",
  },
  chcCatchment: {
    id: "chc-catchment",
    title: "Residents served by one community health centre",
    value: 50_000,
    unit: "residents (3–5万)",
    source: "national CHC setting principles (2000): one per 街道, ≈ 3–5万 residents (FACTS §4, S); informative only",
    grade: "S",
  },
} as const satisfies Record<string, Standard>;
