import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { readOsmExtract } from './readOsm.ts';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-osm-xml-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function osmFile(name: string, body: string): string {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, body);
  return file;
}

const small = `<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="test">
  <bounds minlat="29.81" minlon="121.54" maxlat="29.83" maxlon="121.56"/>
  <node id="1" lat="29.82" lon="121.549"/>
  <node id="2" lat="29.82" lon="121.55"><tag k="highway" v="crossing"/></node>
  <node id="3" lat="29.82" lon="121.551"/>
  <node id="4" lat="29.821" lon="121.55"/>
  <node id="5" lat="29.8205" lon="121.5505"><tag k="amenity" v="kindergarten"/><tag k="name" v="阳光幼儿园 &amp; 托育"/></node>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="11"><nd ref="2"/><nd ref="4"/><tag k="highway" v="steps"/></way>
  <relation id="20"><member type="way" ref="10" role=""/><tag k="type" v="route"/></relation>
</osm>
`;

async function refusal(file: string): Promise<AppError> {
  const err = await readOsmExtract(file).then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('the OSM XML reader', () => {
  it('reads nodes, ways and tags, splitting at the shared node and skipping relations', async () => {
    const e = await readOsmExtract(osmFile('small.osm', small));
    expect(e.network.edgeFrom.length).toBe(3);
    expect(e.network.nodeLon.length).toBe(4);
    expect(e.amenities).toEqual([{ osmId: 'n5', name: '阳光幼儿园 & 托育', point: [121.5505, 29.8205], areaM2: null, tags: { amenity: 'kindergarten', name: '阳光幼儿园 & 托育' } }]);
  });

  it('chooses the reader by content, whatever the name says', async () => {
    const e = await readOsmExtract(osmFile('small.data', small));
    expect(e.network.edgeFrom.length).toBe(3);
  });

  it('refuses broken XML, saying the line and column', async () => {
    const broken = small.replace('<way id="11">', '<way id="11"');
    const err = await refusal(osmFile('broken.osm', broken));
    expect(err.code).toBe('OSM_FILE_MALFORMED');
    expect(err.details[0]).toMatchObject({ code: 'OSM_XML_SYNTAX', params: { line: 10 } });
  });

  it('refuses a bad coordinate or id where it stands', async () => {
    const err = await refusal(osmFile('badlat.osm', small.replace('lat="29.821"', 'lat="129.821"')));
    expect(err.details[0]).toMatchObject({ code: 'OSM_XML_SYNTAX', params: { line: 7 } });
    expect(err.details[0]).toMatchObject({ params: { reason: expect.stringContaining('node 4 lat') } });
    const badRef = await refusal(osmFile('badref.osm', small.replace('<nd ref="4"/>', '<nd ref="four"/>')));
    expect(badRef.details[0]).toMatchObject({ code: 'OSM_XML_SYNTAX', params: { line: 10 } });
  });

  it('refuses XML that is not OSM', async () => {
    const err = await refusal(osmFile('other.osm', '<?xml version="1.0"?><gpx><trk/></gpx>'));
    expect(err.details[0]).toMatchObject({ code: 'OSM_NOT_OSM_FILE' });
  });
});
