import { describe, expect, it } from 'vitest';
import { kindForTags, kindForText, orderRules, type KindMappingRule } from './kindMapping.ts';

const rules = orderRules([
  { source: 'osm', pattern: 'amenity=*', kind: 'convenience', priority: 90 },
  { source: 'osm', pattern: 'amenity=kindergarten', kind: 'kindergarten', priority: 10 },
  { source: 'osm', pattern: 'shop=supermarket', kind: 'supermarket', priority: 10 },
  { source: 'text', pattern: '卫生站', kind: 'health_station', priority: 20 },
  { source: 'text', pattern: '卫生服务站', kind: 'health_station', priority: 10 },
  { source: 'text', pattern: '服务站', kind: 'service_station', priority: 20 },
  { source: 'text', pattern: 'Laundry', kind: 'laundry', priority: 20 },
] satisfies KindMappingRule[]);

describe('facility kind mapping', () => {
  it('prefers the specific OSM rule to the wildcard', () => {
    expect(kindForTags({ amenity: 'kindergarten' }, rules)).toBe('kindergarten');
    expect(kindForTags({ amenity: 'bench' }, rules)).toBe('convenience');
    expect(kindForTags({ building: 'yes' }, rules)).toBeNull();
  });

  it('reads semicolon-separated OSM values', () => {
    expect(kindForTags({ shop: 'convenience;supermarket' }, rules)).toBe('supermarket');
  });

  it('maps free text by the highest-priority word it contains, ignoring case', () => {
    expect(kindForText('和睦社区卫生服务站', rules)).toBe('health_station');
    expect(kindForText('党群服务站', rules)).toBe('service_station');
    expect(kindForText('Coin LAUNDRY', rules)).toBe('laundry');
    expect(kindForText('  ', rules)).toBeNull();
  });

  it('orders equal priorities by the longer, more specific pattern', () => {
    const tied = orderRules([
      { source: 'text', pattern: '服务站', kind: 'service_station', priority: 20 },
      { source: 'text', pattern: '卫生服务站', kind: 'health_station', priority: 20 },
    ]);
    expect(kindForText('卫生服务站', tied)).toBe('health_station');
  });
});
