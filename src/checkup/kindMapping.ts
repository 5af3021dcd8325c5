/**
 * Mapping OpenStreetMap tags and free-text facility types to the standard's facility kinds.
 * The rules are data (table facility_kind_mapping, editable by staff); this file only applies them.
 */

export interface KindMappingRule {
  source: 'osm' | 'text';
  /** osm: 'key=value' or 'key=*'; text: a word the free-text type contains. */
  pattern: string;
  kind: string;
  /** Lower first: the most specific rule wins. */
  priority: number;
}

/** Orders rules so that the first match is the one that wins (priority, then the longer pattern). */
export function orderRules(rules: readonly KindMappingRule[]): KindMappingRule[] {
  return [...rules].sort((a, b) => a.priority - b.priority || b.pattern.length - a.pattern.length || a.pattern.localeCompare(b.pattern));
}

function matchesTag(pattern: string, tags: Readonly<Record<string, string>>): boolean {
  const eq = pattern.indexOf('=');
  const key = pattern.slice(0, eq);
  const value = pattern.slice(eq + 1);
  const actual = tags[key];
  if (actual === undefined) return false;
  // OSM allows several values separated by ';' (shop=supermarket;convenience).
  return value === '*' || actual.split(';').some((v) => v.trim() === value);
}

/** The facility kind an OSM feature's tags map to, or null when no rule matches. Rules must be ordered. */
export function kindForTags(tags: Readonly<Record<string, string>>, ordered: readonly KindMappingRule[]): string | null {
  for (const rule of ordered) if (rule.source === 'osm' && matchesTag(rule.pattern, tags)) return rule.kind;
  return null;
}

/** The facility kind a free-text type ('社区卫生服务站', '菜鸟驿站') maps to, or null. Rules must be ordered. */
export function kindForText(text: string, ordered: readonly KindMappingRule[]): string | null {
  const normalized = text.trim().toLowerCase();
  if (!normalized) return null;
  for (const rule of ordered) if (rule.source === 'text' && normalized.includes(rule.pattern.toLowerCase())) return rule.kind;
  return null;
}
