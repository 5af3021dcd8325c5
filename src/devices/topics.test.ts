import { describe, expect, it } from 'vitest';
import { formatDeviceTopic, parseDeviceTopic } from './topics.ts';

describe('device topics', () => {
  it('parses what it formats, for every channel', () => {
    for (const channel of ['telemetry', 'event', 'state'] as const) {
      const topic = formatDeviceTopic({ communityCode: 'xq-01', deviceId: 'SOS_0042', channel });
      expect(topic).toBe(`linli/xq-01/SOS_0042/${channel}`);
      expect(parseDeviceTopic(topic)).toEqual({ communityCode: 'xq-01', deviceId: 'SOS_0042', channel });
    }
  });

  it('rejects topics outside the scheme', () => {
    const id64 = 'a'.repeat(64);
    expect(parseDeviceTopic(`linli/${id64}/${id64}/event`)).toBeDefined();
    for (const topic of [
      'linli/c1/d1',
      'linli/c1/d1/event/extra',
      'linli/c1/d1/command',
      'other/c1/d1/event',
      'linli//d1/event',
      'linli/c1/+/event',
      'linli/c1/d#/event',
      'linli/社区/d1/event',
      'linli/c.1/d1/event',
      `linli/${'a'.repeat(65)}/d1/event`,
      '',
    ]) {
      expect(parseDeviceTopic(topic), topic).toBeUndefined();
    }
  });

  it('refuses to format a code or id that would not parse back', () => {
    expect(() => formatDeviceTopic({ communityCode: 'c1/x', deviceId: 'd1', channel: 'event' })).toThrow(/community code/);
    expect(() => formatDeviceTopic({ communityCode: 'c1', deviceId: '', channel: 'event' })).toThrow(/device id/);
  });
});
