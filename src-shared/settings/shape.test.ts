import { describe, expect, it } from 'vitest';
import { DEFAULT_SHAPE, FieldPathSchema, GenericMappingSchema, SHAPE_PRESETS, ShapeSchema, TimeSourceSchema } from './shape';

describe('ShapeSchema', () => {
  it('fills in every preset\'s defaults', () => {
    for (const preset of SHAPE_PRESETS) expect(ShapeSchema.parse({ preset }).preset).toBe(preset);
    expect(ShapeSchema.parse(DEFAULT_SHAPE)).toEqual({ preset: 'stationwatch' });
    expect(ShapeSchema.parse({ preset: 'flat' })).toEqual({
      preset: 'flat',
      station: { from: 'key' },
      stationNames: {},
      time: { path: 'date_time', format: 'iso', zone: 'UTC', otherwise: 'reject' },
      fields: [{ from: 'temp', metric: 'temperature', unit: null }],
    });
    expect(ShapeSchema.parse({ preset: 'python-dict' })).toMatchObject({ time: { path: 'ts', otherwise: 'record' } });
    expect(GenericMappingSchema.parse({})).toMatchObject({ syntax: { kind: 'json' }, station: { from: 'field', path: 'station_id' }, time: { path: 'ts' }, records: null });
  });

  it('refuses unknown presets, zones, units and malformed paths with a message', () => {
    expect(ShapeSchema.safeParse({ preset: 'xml' }).success).toBe(false);
    const zone = TimeSourceSchema.safeParse({ zone: 'Mars/Olympus_Mons' });
    expect(zone.success ? '' : zone.error.issues[0]?.message).toMatch(/not a known IANA time zone/);
    expect(TimeSourceSchema.safeParse({ zone: 'America/New_York' }).success).toBe(true);
    expect(ShapeSchema.safeParse({ preset: 'ttn-v3', fields: [{ from: 't', metric: 'temperature', unit: 'celsius' }] }).success).toBe(false);
    const path = FieldPathSchema.safeParse('data..temp');
    expect(path.success ? '' : path.error.issues[0]?.message).toMatch(/no empty name/);
    expect(FieldPathSchema.safeParse(Array.from({ length: 17 }, () => 'a').join('.')).success).toBe(false);
  });
});
