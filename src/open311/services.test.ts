import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../../test/app.ts';
import { child, childNames, expectSpec, parseXml, read } from './testSpec.ts';

// Discovery, the service list and service definitions, in both formats, against the spec's text.

let t: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

describe('discovery', () => {
  it('names this endpoint, its formats and how to get a key, in JSON and XML', async () => {
    const json = await read(t, '/open311/v2/discovery.json');
    expect(json.status).toBe(200);
    expect(json.type).toBe('application/json; charset=utf-8');
    const doc = json.json();
    expectSpec('discovery', doc);
    expect(doc.endpoints[0]).toMatchObject({ url: 'http://localhost:80/open311/v2', type: 'production', formats: ['text/xml', 'application/json'] });
    expect(doc.key_service).toContain('linli open311 key');

    const xml = await read(t, '/open311/v2/discovery.xml');
    expect(xml.type).toBe('text/xml; charset=utf-8');
    const { root, declaration } = parseXml(xml.text);
    expect(declaration).toMatchObject({ version: '1.0', encoding: 'UTF-8' });
    expect(root.name).toBe('discovery');
    expect(childNames(root)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
    const endpoint = child(root, 'endpoints')!.children;
    expect(endpoint.map((e) => e.name)).toEqual(['endpoint']);
    expect(childNames(endpoint[0])).toEqual(['specification', 'url', 'changeset', 'type', 'formats']);
    expect(child(endpoint[0], 'formats')!.children.map((f) => [f.name, f.text])).toEqual([['format', 'text/xml'], ['format', 'application/json']]);
  });
});

describe('services', () => {
  it('lists the active categories as realtime services grouped by time-limit class', async () => {
    const res = await read(t, '/open311/v2/services.json');
    expect(res.status).toBe(200);
    const services = res.json();
    expectSpec('services', services);
    const hazard = services.find((s: { service_code: string }) => s.service_code === 'safety_hazard');
    expect(hazard).toEqual({
      service_code: 'safety_hazard', service_name: '安全隐患', description: '安全隐患：1 分钟内受理，10 分钟内到场，2 小时内办结（全天候计时）',
      metadata: true, type: 'realtime', keywords: 'Safety hazard, emergency', group: '紧急类',
    });
    expect(services.find((s: { service_code: string }) => s.service_code === 'noise')).toMatchObject({ metadata: false, group: '一般类' });
  });

  it('writes the same list as <services><service>, children in the order the spec lists them', async () => {
    const json = (await read(t, '/open311/v2/services.json')).json();
    const { root } = parseXml((await read(t, '/open311/v2/services.xml')).text);
    expect(root.name).toBe('services');
    expect(root.children.map((c) => c.name)).toEqual(json.map(() => 'service'));
    for (const [i, service] of root.children.entries()) {
      expect(childNames(service)).toEqual(['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']);
      expect(child(service, 'service_code')!.text).toBe(json[i].service_code);
      expect(child(service, 'metadata')!.text).toBe(String(json[i].metadata));
    }
  });
});

describe('service definitions', () => {
  const definition = async (code: string) => {
    const res = await read(t, `/open311/v2/services/${code}.json`);
    expect(res.status).toBe(200);
    expectSpec('service_definition', res.json());
    return res.json();
  };

  it('defines attributes of all six datatypes, lists with their values', async () => {
    const all = [await definition('safety_hazard'), await definition('water_power'), await definition('environment')].flatMap((d) => d.attributes);
    expect(all.map((a: { datatype: string }) => a.datatype).sort()).toEqual(['datetime', 'multivaluelist', 'number', 'singlevaluelist', 'string', 'text']);
    const hazard = await definition('safety_hazard');
    expect(hazard.service_code).toBe('safety_hazard');
    expect(hazard.attributes[0]).toMatchObject({
      variable: true, code: 'hazard_kind', datatype: 'singlevaluelist', required: true, order: 1, description: '隐患类型',
      values: [{ key: 'fire_exit', name: '消防通道堵塞' }, { key: 'ebike_charging', name: '电动车违规充电' }, { key: 'falling_object', name: '高空坠物风险' }, { key: 'other', name: '其他' }],
    });
    expect(hazard.attributes[1]).not.toHaveProperty('values');
    expect((await definition('noise')).attributes).toEqual([]);
  });

  it('writes <service_definition><attributes><attribute><values><value><key/><name/>', async () => {
    const { root } = parseXml((await read(t, '/open311/v2/services/water_power.xml')).text);
    expect(root.name).toBe('service_definition');
    expect(childNames(root)).toEqual(['service_code', 'attributes']);
    const [utility, since] = child(root, 'attributes')!.children;
    expect(childNames(utility)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values']);
    expect(child(utility, 'datatype')!.text).toBe('multivaluelist');
    expect(child(utility, 'values')!.children.map((v) => [v.name, ...childNames(v), child(v, 'key')!.text, child(v, 'name')!.text])).toEqual([
      ['value', 'key', 'name', 'water', '供水'], ['value', 'key', 'name', 'power', '供电'], ['value', 'key', 'name', 'gas', '燃气'],
    ]);
    expect(childNames(since)).toEqual(['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description']);
  });
});

describe('errors', () => {
  it('answers an unknown service with 404 in the spec shape, JSON and XML', async () => {
    const json = await read(t, '/open311/v2/services/no_such_code.json');
    expect(json.status).toBe(404);
    expectSpec('errors', json.json());
    expect(json.json()[0]).toMatchObject({ code: 404, description: expect.stringContaining('no_such_code') });

    const xml = await read(t, '/open311/v2/services/no_such_code.xml');
    expect(xml.status).toBe(404);
    const { root } = parseXml(xml.text);
    expect(root.name).toBe('errors');
    expect(root.children.map((e) => [e.name, ...childNames(e)])).toEqual([['error', 'code', 'description']]);
    expect(child(root.children[0], 'code')!.text).toBe('404');
  });

  it('answers unknown paths and formats in the spec shape, not with the console page', async () => {
    const missing = await read(t, '/open311/v2/nothing.json');
    expect(missing.status).toBe(404);
    expectSpec('errors', missing.json());
    const noExtension = await read(t, '/open311/v2/services');
    expect(noExtension.status).toBe(404);
    expect(parseXml(noExtension.text).root.name).toBe('errors');
    const html = await read(t, '/open311/v2/services.html');
    expect(html.status).toBe(400);
    expect(parseXml(html.text).root.name).toBe('errors');
  });

  it('refuses unknown query parameters with 400 naming them', async () => {
    const res = await read(t, '/open311/v2/services.json?colour=red');
    expect(res.status).toBe(400);
    expectSpec('errors', res.json());
    expect(res.json()[0].description).toContain('colour');
    // jurisdiction_id is accepted and ignored: one jurisdiction is served.
    expect((await read(t, '/open311/v2/services.json?jurisdiction_id=linli.example')).status).toBe(200);
  });
});
