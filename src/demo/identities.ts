/**
 * Made-up but well-formed personal data: Chinese names with the characters of the resident's
 * generation, mainland mobile numbers, and GB 11643 ID numbers that agree with birth year and sex.
 */
import { idNumberCheckChar } from '../people/identity.ts';
import { ID_REGION } from './communities.ts';
import type { Rng } from './random.ts';
import type { Sex } from './types.ts';

// Most common surnames first, repeated so they come up more often; then surnames common in Ningbo.
const SURNAMES = [
  ...'王李张刘陈'.repeat(4),
  ...'杨黄赵吴周徐孙马朱胡'.repeat(3),
  ...'郭何高林罗郑梁谢宋唐许韩冯邓曹'.repeat(2),
  ...'彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏傅方邹孟熊秦邱江尹薛段雷侯史陶贺顾毛龚邵钱严戴孔汤',
  ...'应俞舒竺邬虞励鲍翁忻乐',
  '欧阳',
  '诸葛',
];

type Generation = 'old' | 'middle' | 'young';

const GIVEN: Record<Generation, Record<Sex, string>> = {
  old: {
    male: '国建华明德福根富荣祥海志文宝财林生发伟庆忠仁义贵民兴达金昌顺',
    female: '秀英兰珍芳凤桂玉梅翠娥花琴云菊美彩月娟素霞仙芬惠',
  },
  middle: {
    male: '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁健峰俊浩亮东林晨凯宇锋',
    female: '丽静敏燕艳娟霞芳婷玲娜丹萍红莉琳洁雪慧颖倩晶蕾佳璐茜',
  },
  young: {
    male: '子宇浩轩睿泽博俊一晨铭宸豪辰诚杰涵航熙逸奕昊言安',
    female: '梓涵欣怡可馨悦诗语雨萱琪思佳若彤晴嘉依一沐婉',
  },
};

/** Characters that open a given name (子轩, 一诺) but do not stand alone or close one. */
const FIRST_ONLY = '子一';

const MOBILE_PREFIXES = [
  '130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '156', '157', '158',
  '159', '166', '176', '177', '180', '181', '182', '185', '186', '187', '188', '189', '191', '198', '199',
];

/** Keeps ID numbers (and phones, though nothing requires it) unique across the whole demo. */
export interface UsedIdentities {
  idNumbers: Set<string>;
  phones: Set<string>;
}

export function randomSurname(rng: Rng): string {
  return rng.pick(SURNAMES);
}

export function randomGivenName(rng: Rng, sex: Sex, birthYear: number): string {
  const generation: Generation = birthYear < 1960 ? 'old' : birthYear < 2000 ? 'middle' : 'young';
  const pool = Array.from(GIVEN[generation][sex]);
  const closers = pool.filter((c) => !FIRST_ONLY.includes(c));
  if (!rng.chance(generation === 'young' ? 0.85 : 0.65)) return rng.pick(closers);
  const first = rng.pick(pool);
  let second = rng.pick(closers);
  while (second === first) second = rng.pick(closers);
  return first + second;
}

function digits(rng: Rng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(rng.int(0, 9));
  return out;
}

export function randomMobile(rng: Rng, used: UsedIdentities): string {
  for (;;) {
    const phone = rng.pick(MOBILE_PREFIXES) + digits(rng, 8);
    if (!used.phones.has(phone)) {
      used.phones.add(phone);
      return phone;
    }
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** 330212 + birth date + sequence (odd for men, even for women) + check character. */
export function randomIdNumber(rng: Rng, birthYear: number, sex: Sex, used: UsedIdentities): string {
  for (;;) {
    const month = rng.int(1, 12);
    const day = rng.int(1, daysInMonth(birthYear, month));
    const sequence = rng.int(0, 499) * 2 + (sex === 'male' ? 1 : 0);
    const first17 =
      ID_REGION + String(birthYear) + String(month).padStart(2, '0') + String(day).padStart(2, '0') + String(sequence).padStart(3, '0');
    const id = first17 + idNumberCheckChar(first17);
    if (!used.idNumbers.has(id)) {
      used.idNumbers.add(id);
      return id;
    }
  }
}
