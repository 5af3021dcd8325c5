/**
 * A StreetNetwork's typed arrays as raw little-endian bytes, the way the street_network table keeps
 * them. Reading builds views over the bytes the driver returns when they are aligned (no copy);
 * otherwise, or on a big-endian machine, it copies.
 */
import os from 'node:os';
import type { StreetNetwork } from '../access/types.ts';

const littleEndian = os.endianness() === 'LE';

type NumberArray = Float64Array | Uint32Array;
type NumberArrayCtor = Float64ArrayConstructor | Uint32ArrayConstructor;

/** The bytes of a typed array, little-endian; shares its memory on little-endian machines. */
export function toBytes(array: NumberArray): Buffer {
  if (littleEndian) return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
  const out = Buffer.alloc(array.byteLength);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const step = array.BYTES_PER_ELEMENT;
  array.forEach((value, i) => (step === 8 ? view.setFloat64(i * 8, value, true) : view.setUint32(i * 4, value, true)));
  return out;
}

/** A typed array over little-endian bytes; a view when alignment and byte order allow, else a copy. */
export function fromBytes(ctor: Float64ArrayConstructor, bytes: Uint8Array): Float64Array;
export function fromBytes(ctor: Uint32ArrayConstructor, bytes: Uint8Array): Uint32Array;
export function fromBytes(ctor: NumberArrayCtor, bytes: Uint8Array): NumberArray {
  const step = ctor.BYTES_PER_ELEMENT;
  if (bytes.byteLength % step !== 0) throw new Error(`${bytes.byteLength} bytes do not hold whole ${step}-byte numbers`);
  const count = bytes.byteLength / step;
  // Driver buffers are never shared memory, so the cast only narrows the type.
  if (littleEndian && bytes.byteOffset % step === 0) return new ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, count);
  const out = new ctor(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) out[i] = step === 8 ? view.getFloat64(i * 8, true) : view.getUint32(i * 4, true);
  return out;
}

/** Column values of a network, named as in the street_network table. */
export function networkColumns(network: StreetNetwork) {
  return {
    node_lon: toBytes(network.nodeLon),
    node_lat: toBytes(network.nodeLat),
    edge_from: toBytes(network.edgeFrom),
    edge_to: toBytes(network.edgeTo),
    edge_length: toBytes(network.edgeLength),
    geometry_start: toBytes(network.geometryStart),
    coords: toBytes(network.coords),
  };
}

export function networkFromColumns(row: ReturnType<typeof networkColumns>): StreetNetwork {
  return {
    nodeLon: fromBytes(Float64Array, row.node_lon),
    nodeLat: fromBytes(Float64Array, row.node_lat),
    edgeFrom: fromBytes(Uint32Array, row.edge_from),
    edgeTo: fromBytes(Uint32Array, row.edge_to),
    edgeLength: fromBytes(Float64Array, row.edge_length),
    geometryStart: fromBytes(Uint32Array, row.geometry_start),
    coords: fromBytes(Float64Array, row.coords),
  };
}

/** [minLon, minLat, maxLon, maxLat] of every polyline point; null for a network without edges. */
export function networkBbox(network: StreetNetwork): [number, number, number, number] | null {
  const { coords } = network;
  if (coords.length === 0) return null;
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let k = 0; k < coords.length; k += 2) {
    box[0] = Math.min(box[0], coords[k]);
    box[1] = Math.min(box[1], coords[k + 1]);
    box[2] = Math.max(box[2], coords[k]);
    box[3] = Math.max(box[3], coords[k + 1]);
  }
  return box;
}
