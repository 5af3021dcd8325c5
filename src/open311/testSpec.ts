import fs from 'node:fs';
import Ajv from 'ajv';
import { SaxesParser } from 'saxes';
import { expect } from 'vitest';
import type { startTestApp } from '../../test/app.ts';

// For the Open311 tests: the spec's JSON Schemas (spec/*.schema.json, written from the spec's text and
// independent of the server's own schemas), an XML reader, and requests as an integrator sends them.

type TestApp = Awaited<ReturnType<typeof startTestApp>>;

const ajv = new Ajv({ allErrors: true, strict: false });
const schemaNames = ['discovery', 'services', 'service_definition', 'service_request_created', 'service_requests', 'token', 'errors', 'service_request_updates'] as const;
export type SpecSchema = (typeof schemaNames)[number];
const validators = Object.fromEntries(schemaNames.map((name) => [
  name, ajv.compile(JSON.parse(fs.readFileSync(new URL(`./spec/${name}.schema.json`, import.meta.url), 'utf8'))),
]));

/** Fails the test, naming every violation, unless the value satisfies the spec's schema. */
export function expectSpec(name: SpecSchema, value: unknown): void {
  const validate = validators[name];
  const valid = validate(value);
  expect(valid ? [] : validate.errors).toEqual([]);
}

export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** Parses a whole document (a malformed one throws), keeping element order and text; also returns the declaration. */
export function parseXml(xml: string): { root: XmlNode; declaration: { version?: string; encoding?: string } } {
  const parser = new SaxesParser();
  const stack: XmlNode[] = [{ name: '#document', children: [], text: '' }];
  let declaration = {};
  parser.on('xmldecl', (decl) => {
    declaration = decl;
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (text) => {
    stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('error', (err) => {
    throw err;
  });
  parser.write(xml).close();
  const [root] = stack[0].children;
  return { root, declaration };
}

export const childNames = (node: XmlNode) => node.children.map((c) => c.name);
export const child = (node: XmlNode, name: string) => node.children.find((c) => c.name === name);

/** GET as anyone (the spec's reads need no key). */
export async function read(t: TestApp, url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: res.body, json: () => JSON.parse(res.body), bytes: res.rawPayload };
}

/** POST a form as the spec sends it: application/x-www-form-urlencoded, repeated names allowed. */
export async function postForm(t: TestApp, url: string, fields: [string, string][] | Record<string, string>) {
  const body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields)).toString();
  const res = await t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' } });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: res.body, json: () => JSON.parse(res.body) };
}

/** An integrator on an area, made through the admin API; its plain key. */
export async function newClient(t: TestApp, areaId: number, name = '12345 热线对接'): Promise<string> {
  const admin = await t.login('admin');
  const res = await admin.send('POST', '/api/open311/clients', { name, areaId });
  if (res.status !== 201) throw new Error(`client not made: ${res.raw}`);
  return res.body.apiKey as string;
}

/** How many rows a failed request must leave unchanged. */
export async function rowCounts(t: TestApp) {
  const count = async (table: 'ticket' | 'ticket_event' | 'ticket_timer' | 'audit_log' | 'notification') =>
    Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { tickets: await count('ticket'), events: await count('ticket_event'), timers: await count('ticket_timer'), audit: await count('audit_log'), inbox: await count('notification') };
}
