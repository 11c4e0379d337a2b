/**
 * Town seats and named places (WGS84). Grades as in FACTS.md: S = stated by a source,
 * E = estimate (±1.5–4 km). Town-seat points are ALL estimates.
 */
export type Grade = "S" | "S2" | "D" | "E";

export type TownId =
  | "nanhui-xincheng" | "nicheng" | "shuyuan" | "wanxiang" | "datuan"
  | "situan" | "haiwan" | "fengcheng" | "qingcun" | "jinhui" | "zhuqiao" | "xiaoyangshan";

export interface Town {
  id: TownId;
  name: string;
  nameEn: string;
  district: "Pudong" | "Fengxian" | "Shengsi-managed";
  /** FACTS.md §3 grouping of the 2024 split */
  group: "南汇新城" | "泥城" | "书院" | "万祥" | "Fengxian parts" | "others";
}

export const TOWNS: readonly Town[] = [
  { id: "nanhui-xincheng", name: "南汇新城镇", nameEn: "Nanhui Xincheng", district: "Pudong", group: "南汇新城" },
  { id: "nicheng", name: "泥城镇", nameEn: "Nicheng", district: "Pudong", group: "泥城" },
  { id: "shuyuan", name: "书院镇", nameEn: "Shuyuan", district: "Pudong", group: "书院" },
  { id: "wanxiang", name: "万祥镇", nameEn: "Wanxiang", district: "Pudong", group: "万祥" },
  { id: "datuan", name: "大团镇 (part)", nameEn: "Datuan (part)", district: "Pudong", group: "others" },
  { id: "situan", name: "四团镇 (incl. 平安)", nameEn: "Situan (incl. Ping'an)", district: "Fengxian", group: "Fengxian parts" },
  { id: "haiwan", name: "海湾镇", nameEn: "Haiwan", district: "Fengxian", group: "Fengxian parts" },
  { id: "fengcheng", name: "奉城镇 (part)", nameEn: "Fengcheng (part)", district: "Fengxian", group: "Fengxian parts" },
  { id: "qingcun", name: "青村镇 (part)", nameEn: "Qingcun (part)", district: "Fengxian", group: "Fengxian parts" },
  { id: "jinhui", name: "金汇镇 (part)", nameEn: "Jinhui (part)", district: "Fengxian", group: "Fengxian parts" },
  { id: "zhuqiao", name: "祝桥镇 (airport-south part)", nameEn: "Zhuqiao (airport-south)", district: "Pudong", group: "others" },
  { id: "xiaoyangshan", name: "小洋山", nameEn: "Xiaoyangshan", district: "Shengsi-managed", group: "others" },
];

export interface Seat {
  id: string;
  name: string;
  town: TownId;
  lon: number;
  lat: number;
  grade: Grade;
  note: string;
}

/**
 * Town seats. Cells are assigned to the town of their NEAREST seat (a Voronoi partition clipped
 * to the boundary): no township polygons are available (FACTS.md §6). Two towns have two seats.
 */
export const SEATS: readonly Seat[] = [
  { id: "shengang", name: "申港 (南汇新城镇 gov., 申港大道200号)", town: "nanhui-xincheng", lon: 121.915, lat: 30.91, grade: "E", note: "address S (baike), point E ±1.5 km (FACTS §2)" },
  { id: "luchaogang", name: "芦潮港", town: "nanhui-xincheng", lon: 121.845, lat: 30.86, grade: "E", note: "FACTS §2, E ±2 km" },
  { id: "nicheng", name: "泥城", town: "nicheng", lon: 121.82, lat: 30.91, grade: "E", note: "FACTS §2, E ±2 km" },
  { id: "shuyuan", name: "书院", town: "shuyuan", lon: 121.86, lat: 30.965, grade: "E", note: "FACTS §2, E ±2 km" },
  { id: "wanxiang", name: "万祥", town: "wanxiang", lon: 121.8, lat: 30.95, grade: "E", note: "FACTS §2, E ±2 km" },
  { id: "datuan", name: "大团", town: "datuan", lon: 121.72, lat: 31.0, grade: "E", note: "FACTS §2, E ±2 km; town mostly outside, seat just inside the traced Dazhi edge" },
  { id: "situan", name: "四团", town: "situan", lon: 121.72, lat: 30.91, grade: "E", note: "FACTS §2, E ±3 km" },
  { id: "pingan", name: "平安 (now in 四团镇)", town: "situan", lon: 121.745, lat: 30.885, grade: "E", note: "FACTS §2 gives 121.760/30.880 ±4 km (low confidence); moved 1.6 km W/NW so it is not inside the assumed Tesla-area industrial polygon" },
  { id: "fengcheng", name: "奉城", town: "fengcheng", lon: 121.65, lat: 30.92, grade: "E", note: "FACTS §2, E ±4 km" },
  { id: "qingcun", name: "青村", town: "qingcun", lon: 121.57, lat: 30.93, grade: "E", note: "FACTS §2, E ±4 km" },
  { id: "haiwan", name: "海湾", town: "haiwan", lon: 121.57, lat: 30.85, grade: "E", note: "FACTS §2 gives 30.83 N ±4 km, which falls on the traced coast; moved 2 km inland" },
  { id: "jinhui", name: "金汇", town: "jinhui", lon: 121.52, lat: 30.98, grade: "E", note: "FACTS §2, E ±4 km" },
  { id: "zhuqiao", name: "祝桥 airport-south settlement", town: "zhuqiao", lon: 121.83, lat: 31.072, grade: "E", note: "centre of the airport-south strip (FACTS §1 extent), E" },
  { id: "xiaoyangshan", name: "小洋山 port settlement", town: "xiaoyangshan", lon: 122.022, lat: 30.63, grade: "E", note: "west end of the island; the port itself (Yangshan Port 122.067/30.617, S) is modelled as industrial" },
];

export interface Place {
  id: string;
  name: string;
  lon: number;
  lat: number;
  grade: Grade;
  source: string;
}

/** Named places used for facilities and the density model (FACTS.md §2). */
export const PLACES = {
  nanhuiNewCity: { id: "nanhui-new-city", name: "Nanhui New City (city point)", lon: 121.933, lat: 30.9, grade: "S", source: "Wikipedia 'Nanhui New City' (FACTS §2)" },
  maritimeMuseum: { id: "maritime-museum", name: "中国航海博物馆 China Maritime Museum", lon: 121.91583, lat: 30.89833, grade: "S", source: "Wikipedia (FACTS §2)" },
  haichang: { id: "haichang", name: "海昌海洋公园 Haichang Ocean Park", lon: 121.901602, lat: 30.915579, grade: "S", source: "Wikipedia (FACTS §2)" },
  astronomyMuseum: { id: "astronomy-museum", name: "上海天文馆 Shanghai Astronomy Museum", lon: 121.908, lat: 30.912, grade: "E", source: "FACTS §2, point E ±1.5 km" },
  yangshanPort: { id: "yangshan-port", name: "洋山港 Yangshan Port", lon: 122.067, lat: 30.617, grade: "S", source: "Wikipedia (FACTS §2)" },
  universityTown: { id: "university-town", name: "临港大学城 University Town (centroid)", lon: 121.895, lat: 30.88, grade: "E", source: "FACTS §2, E ±2 km" },
  topScientists: { id: "top-scientists", name: "顶尖科学家社区", lon: 121.915, lat: 30.905, grade: "E", source: "FACTS §2, no source, E ±2 km" },
} as const satisfies Record<string, Place>;
