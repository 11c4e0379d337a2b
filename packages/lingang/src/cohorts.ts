/**
 * Children by single-year cohorts (FACTS.md §8): the share of residents aged `a` in `year` is
 * proportional to the crude birth rate of the year they were born, scaled so that ages 0–14 in 2020
 * make up the census share (9.8 %, S2), and by a land-use factor (a young, in-migrant new city has
 * more children per resident than the old villages). Births fell sharply after 2017, so the
 * kindergarten cohorts of 2024 are small.
 */
import { ASSUMPTIONS } from "./assumptions.js";

/** Shanghai crude birth rate (‰) by calendar year. 2019–2021 FACTS §8 (E, from memory); the rest E. */
export const BIRTH_RATE: Readonly<Record<number, number>> = {
  2006: 7.5, 2007: 8.0, 2008: 8.1, 2009: 7.9, 2010: 7.1, 2011: 7.6, 2012: 9.6, 2013: 8.2, 2014: 8.4, 2015: 7.5,
  2016: 9.0, 2017: 8.1, 2018: 7.2, 2019: 7.0, 2020: 5.0, 2021: 4.7, 2022: 4.4, 2023: 3.9,
};
/** Births after the last tabled year (‰, E: a low plateau). */
export const FUTURE_BIRTH_RATE = 4.5;
export const BIRTH_RATE_SOURCE =
  "Shanghai crude birth rates: 7.0‰ (2019), 5.0‰ (2020), 4.7‰ (2021) FACTS §8 (E, from memory); 2006–2018 and 2022–2023 E (from memory); 4.5‰ after 2023 (E)";

const rate = (y: number) => BIRTH_RATE[y] ?? (y > 2023 ? FUTURE_BIRTH_RATE : BIRTH_RATE[2006]);

/** Scale so that Σ_{a=0..14} share(2020, a) = the census 0–14 share. */
const SCALE = (() => {
  let s = 0;
  for (let a = 0; a <= 14; a++) s += rate(2020 - a) / 1000;
  return ASSUMPTIONS["age.0to14"].value / s;
})();

/** Share of residents (before the land-use factor) aged `age` in `year`. */
export function cohortShare(year: number, age: number): number {
  return (SCALE * rate(year - age)) / 1000;
}

/** Share of residents aged `from`..`to` (inclusive) in `year`. */
export function ageBandShare(year: number, from: number, to: number): number {
  let s = 0;
  for (let a = from; a <= to; a++) s += cohortShare(year, a);
  return s;
}

/** Age bands of the school levels: Shanghai's 5+4 (default) or the national 6+3. */
export const SCHOOL_AGES = {
  "5-4": { kindergarten: [3, 5], primary: [6, 10], middle: [11, 14] },
  "6-3": { kindergarten: [3, 5], primary: [6, 11], middle: [12, 14] },
} as const;
