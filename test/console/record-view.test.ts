import { describe, expect, it } from 'vitest'
import { show } from '../../console/src/lib/record-view.js'
import { lostBytes, matches, recordJson, showRecord } from '../../console/src/lib/records.js'
import { throughput } from '../../console/src/lib/throughput.js'

/** How the console shows records, and what it makes of offsets polled over time. */

describe('a key or value as the console shows it', () => {
  it('is pretty JSON for an object or array, text otherwise, and null as null', () => {
    expect(show('{"a":1}')).toEqual({ kind: 'json', text: '{\n  "a": 1\n}' })
    expect(show('[1]')).toEqual({ kind: 'json', text: '[\n  1\n]' })
    expect(show('{not json')).toEqual({ kind: 'text', text: '{not json' })
    expect(show('42')).toEqual({ kind: 'text', text: '42' })
    expect(show(null)).toEqual({ kind: 'null' })
  })

  it('is text for bytes that are UTF-8 text, hex and base64 for other bytes', () => {
    expect(show(new TextEncoder().encode('héllo'))).toEqual({ kind: 'text', text: 'héllo' })
    expect(show(new Uint8Array([0, 255, 7]))).toEqual({
      kind: 'binary',
      hex: '00 ff 07',
      base64: 'AP8H',
      length: 3,
    })
    // Valid UTF-8, but a control character: bytes, not text.
    expect(show(new Uint8Array([0x68, 0x01]))).toMatchObject({ kind: 'binary', hex: '68 01' })
  })
})

describe('records', () => {
  const record = showRecord(2, {
    offset: 7,
    timestamp: 1_767_225_600_000,
    key: 'rider-42',
    value: '{"eta":"12:05"}',
    headers: { source: 'app' },
  })

  it('need reading again as base64 when the service replaced bytes that are not UTF-8', () => {
    expect(lostBytes([record.raw])).toBe(false)
    expect(lostBytes([{ ...record.raw, value: 'a\uFFFDb' }])).toBe(true)
  })

  it('match a filter by key, or anywhere in key, value and headers, ignoring case', () => {
    expect(matches(record, { scope: 'key', text: 'RIDER' })).toBe(true)
    expect(matches(record, { scope: 'key', text: 'eta' })).toBe(false)
    expect(matches(record, { scope: 'any', text: 'eta' })).toBe(true)
    expect(matches(record, { scope: 'any', text: 'source' })).toBe(true)
    expect(matches(record, { scope: 'any', text: '' })).toBe(true)
  })

  it('copy as JSON the API takes back: text as it is, or both as base64 when either is bytes', () => {
    expect(JSON.parse(recordJson('rides', record))).toEqual({
      topic: 'rides',
      partition: 2,
      offset: 7,
      timestamp: 1_767_225_600_000,
      key: 'rider-42',
      value: '{"eta":"12:05"}',
      headers: { source: 'app' },
    })
    const bytes = showRecord(0, { ...record.raw, key: 'k', value: new Uint8Array([0, 255]) })
    expect(JSON.parse(recordJson('rides', bytes))).toMatchObject({
      key: 'aw==',
      value: 'AP8=',
      encoding: 'base64',
    })
  })
})

describe('throughput from polled offsets', () => {
  const sample = (at: number, ends: Record<string, number>, committed: Record<string, number> = {}) => ({
    at,
    ends: new Map(Object.entries(ends)),
    committed: new Map(Object.entries(committed)),
    lag: 0,
  })

  it('is the records added per second between polls, in and out', () => {
    const series = throughput([
      sample(0, { 'a/0': 10, 'a/1': 0 }, { 'g/a/0': 5 }),
      sample(2000, { 'a/0': 30, 'a/1': 10 }, { 'g/a/0': 15 }),
    ])
    expect(series).toEqual({ times: [2], inPerSecond: [15], outPerSecond: [5], lag: [0] })
  })

  it('counts no burst for a partition that appeared, nor a fall for one deleted or reset', () => {
    const series = throughput([sample(0, { 'a/0': 100 }), sample(1000, { 'a/0': 0, 'b/0': 500 })])
    expect(series.inPerSecond).toEqual([0])
  })
})
