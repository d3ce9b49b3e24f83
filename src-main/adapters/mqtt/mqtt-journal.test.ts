import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MqttJournal } from './mqtt-journal';

const dirs: string[] = [];
function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sw-journal-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const text = (value: Uint8Array): string => Buffer.from(value).toString('utf8');

describe('MqttJournal', () => {
  it('gives appended messages consecutive sequences and reads them back with topic and receive time', () => {
    const journal = new MqttJournal(freshDir());
    expect(journal.open()).toBe(0);
    expect(journal.append(1_000, 'city/s1/readings', Buffer.from('a'))).toBe(0);
    expect(journal.append(2_000, 'city/s2/readings', Buffer.from('bb'))).toBe(1);
    const records = journal.read(0, 10);
    expect(records.map((r) => [r.seq, r.receivedAt, r.topic, text(r.value)])).toEqual([
      [0, 1_000, 'city/s1/readings', 'a'],
      [1, 2_000, 'city/s2/readings', 'bb'],
    ]);
    expect(journal.read(1, 10).map((r) => text(r.value))).toEqual(['bb']);
    expect(journal.read(2, 10)).toEqual([]);
    journal.close();
  });

  it('after a reopen, reads again from the committed sequence and continues the numbering', () => {
    const dir = freshDir();
    const first = new MqttJournal(dir);
    first.open();
    for (let i = 0; i < 5; i++) first.append(i, 't', Buffer.from(String(i)));
    first.commit(3);
    first.close();
    const second = new MqttJournal(dir);
    expect(second.open()).toBe(3);
    expect(second.read(3, 10).map((r) => text(r.value))).toEqual(['3', '4']);
    expect(second.append(9, 't', Buffer.from('5'))).toBe(5);
    second.close();
  });

  it('cuts a torn record at the end (the app killed mid-write): that message was never acknowledged', () => {
    const dir = freshDir();
    const journal = new MqttJournal(dir);
    journal.open();
    journal.append(1, 't', Buffer.from('whole'));
    journal.append(2, 't', Buffer.from('torn!'));
    journal.close();
    const segment = join(dir, readdirSync(dir).find((name) => name.endsWith('.log'))!);
    truncateSync(segment, statSync(segment).size - 3);
    const reopened = new MqttJournal(dir);
    reopened.open();
    expect(reopened.end).toBe(1);
    expect(reopened.read(0, 10).map((r) => text(r.value))).toEqual(['whole']);
    expect(reopened.append(3, 't', Buffer.from('next'))).toBe(1);
    expect(reopened.read(0, 10).map((r) => text(r.value))).toEqual(['whole', 'next']);
    reopened.close();
  });

  it('rolls segments and deletes only those wholly before the committed sequence', () => {
    const dir = freshDir();
    const journal = new MqttJournal(dir);
    journal.open();
    const payload = Buffer.alloc(1024 * 1024, 120);
    for (let i = 0; i < 40; i++) journal.append(i, 't', payload);
    const segments = () => readdirSync(dir).filter((name) => name.endsWith('.log')).sort();
    expect(segments().length).toBeGreaterThan(2);
    // Reading across segment boundaries yields every record in order.
    const seqs: number[] = [];
    for (let from = 0; from < journal.end; ) {
      const batch = journal.read(from, 7);
      seqs.push(...batch.map((r) => r.seq));
      from += batch.length;
    }
    expect(seqs).toEqual([...Array(40).keys()]);
    const before = segments();
    journal.commit(20);
    const after = segments();
    expect(after.length).toBeLessThan(before.length);
    // Every record from the committed sequence on is still there.
    expect(journal.read(20, 100).map((r) => r.seq)).toEqual([...Array(20).keys()].map((i) => i + 20));
    journal.close();
  });
});
