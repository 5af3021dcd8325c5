import { describe, expect, it } from 'vitest';
import { streetNetworkFromLines } from '../access/geojsonNetwork.ts';
import { fromBytes, networkBbox, networkColumns, networkFromColumns, toBytes } from './networkBytes.ts';

const network = streetNetworkFromLines([
  [[121.549, 29.82], [121.55, 29.82], [121.551, 29.82]],
  [[121.55, 29.82], [121.55, 29.821]],
]);

describe('a street network as bytes', () => {
  it('comes back equal, viewing the bytes when they are aligned', () => {
    const columns = networkColumns(network);
    // As the driver hands them back: copies in fresh buffers.
    const read = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Buffer.from(v)])) as typeof columns;
    const back = networkFromColumns(read);
    expect(back).toEqual(network);
    expect(back.coords.buffer).toBe(read.coords.buffer);
  });

  it('copies bytes that do not start on an element boundary', () => {
    const bytes = toBytes(network.coords);
    const shifted = Buffer.alloc(bytes.length + 3);
    bytes.copy(shifted, 3);
    const coords = fromBytes(Float64Array, shifted.subarray(3));
    expect(coords).toEqual(network.coords);
    expect(() => fromBytes(Uint32Array, Buffer.alloc(6))).toThrow(/whole 4-byte numbers/);
  });

  it('knows its extent', () => {
    expect(networkBbox(network)).toEqual([121.549, 29.82, 121.551, 29.821]);
  });
});
