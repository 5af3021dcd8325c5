import { describe, expect, it } from 'vitest';
import { child, childNames, parseXml } from './testSpec.ts';
import { escapeXml, toXml } from './xml.ts';

describe('the XML writer', () => {
  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;');
    expect(escapeXml('行\u0001一\u0008二\n\t三\uFFFE\uD800')).toBe('行一二\n\t三');
    const text = '<b>粗</b> & \u0007 "引号" \'单引号\' ]]> 😀';
    const { root } = parseXml(toXml('errors', [{ code: 400, description: text }]));
    expect(child(root.children[0], 'description')!.text).toBe('<b>粗</b> &  "引号" \'单引号\' ]]> 😀');
  });

  it('maps arrays to the spec\'s list elements, objects in their order, null to an empty element', () => {
    const xml = toXml('service_definition', {
      service_code: 'c', attributes: [{ code: 'a', datatype_description: null, values: [{ key: 'k', name: 'n' }] }], skipped: undefined,
    });
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<service_definition>')).toBe(true);
    const { root } = parseXml(xml);
    expect(childNames(root)).toEqual(['service_code', 'attributes']);
    const attribute = child(root, 'attributes')!.children[0];
    expect([attribute.name, ...childNames(attribute)]).toEqual(['attribute', 'code', 'datatype_description', 'values']);
    expect(xml).toContain('<datatype_description/>');
    expect(child(attribute, 'values')!.children.map((v) => [v.name, ...childNames(v)])).toEqual([['value', 'key', 'name']]);
    expect(parseXml(toXml('services', [])).root).toEqual({ name: 'services', children: [], text: '' });
  });

  it('refuses a list it has no item name for, and a name that is not one', () => {
    expect(() => toXml('things', [1])).toThrow(/things/);
    expect(() => toXml('service', { 'bad name': 1 })).toThrow(/bad name/);
  });
});
