/**
 * China's 31 provincial divisions with their National Bureau of Statistics
 * codes, and the region group (大区) each belongs to in reports.
 */

export const REGION_GROUPS = ["华北", "东北", "华东", "华中", "华南", "西南", "西北"] as const;
export type RegionGroup = (typeof REGION_GROUPS)[number];

export interface Province {
  code: string;
  name: string;
  group: RegionGroup;
}

export const PROVINCES: readonly Province[] = [
  { code: "11", name: "北京市", group: "华北" },
  { code: "12", name: "天津市", group: "华北" },
  { code: "13", name: "河北省", group: "华北" },
  { code: "14", name: "山西省", group: "华北" },
  { code: "15", name: "内蒙古自治区", group: "华北" },
  { code: "21", name: "辽宁省", group: "东北" },
  { code: "22", name: "吉林省", group: "东北" },
  { code: "23", name: "黑龙江省", group: "东北" },
  { code: "31", name: "上海市", group: "华东" },
  { code: "32", name: "江苏省", group: "华东" },
  { code: "33", name: "浙江省", group: "华东" },
  { code: "34", name: "安徽省", group: "华东" },
  { code: "35", name: "福建省", group: "华东" },
  { code: "36", name: "江西省", group: "华东" },
  { code: "37", name: "山东省", group: "华东" },
  { code: "41", name: "河南省", group: "华中" },
  { code: "42", name: "湖北省", group: "华中" },
  { code: "43", name: "湖南省", group: "华中" },
  { code: "44", name: "广东省", group: "华南" },
  { code: "45", name: "广西壮族自治区", group: "华南" },
  { code: "46", name: "海南省", group: "华南" },
  { code: "50", name: "重庆市", group: "西南" },
  { code: "51", name: "四川省", group: "西南" },
  { code: "52", name: "贵州省", group: "西南" },
  { code: "53", name: "云南省", group: "西南" },
  { code: "54", name: "西藏自治区", group: "西南" },
  { code: "61", name: "陕西省", group: "西北" },
  { code: "62", name: "甘肃省", group: "西北" },
  { code: "63", name: "青海省", group: "西北" },
  { code: "64", name: "宁夏回族自治区", group: "西北" },
  { code: "65", name: "新疆维吾尔自治区", group: "西北" },
];

export function findProvince(name: string): Province | undefined {
  return PROVINCES.find((province) => province.name === name);
}
