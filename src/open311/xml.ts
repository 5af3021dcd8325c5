/**
 * The spec's XML from the same objects the JSON answers are made of. GeoReport v2 defines JSON as a
 * mapping of its XML (the Spark convention): a JSON array is an XML list element whose children are
 * named in the singular (services ⇊ service ↴), an object is an element with one child per field, in
 * order, and a null is an empty element.
 */

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [key: string]: XmlValue };

/** The item element of each list the spec (and the extensions served here) define. */
const itemNames: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  service_requests: 'request',
  service_request_updates: 'request_update',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  photos: 'photo',
  notes: 'note',
};

// XML 1.0 has no way to carry most control characters, even escaped: they are dropped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function element(name: string, value: XmlValue): string {
  // Names come from this code, never from data; the check keeps it that way.
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not an element name: ${name}`);
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemNames[name];
    if (!item) throw new Error(`no item element for list ${name}`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => element(k, v)).join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: the declaration the spec requires, then the root element. */
export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}\n`;
}
