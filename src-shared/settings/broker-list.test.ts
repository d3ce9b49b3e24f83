import { describe, expect, it } from 'vitest';
import { KafkaSourceSchema } from './schema';
import { describeBrokerProblem, parseBroker, splitBrokerList } from './broker-list';

function kafka(brokers: string[]) {
  return KafkaSourceSchema.safeParse({ kind: 'kafka', brokers, topics: ['readings'] });
}

describe('splitBrokerList', () => {
  it('splits at commas and any white space, dropping empty pieces', () => {
    expect(splitBrokerList(' a:1, b:2\nc:3\t d:4,,e:5 ')).toEqual(['a:1', 'b:2', 'c:3', 'd:4', 'e:5']);
    expect(splitBrokerList('  ,  ')).toEqual([]);
  });

  it('keeps a semicolon list as one entry, which the parser then refuses', () => {
    expect(splitBrokerList('a:9092;b:9092')).toEqual(['a:9092;b:9092']);
    expect(describeBrokerProblem('a:9092;b:9092')).toBe('Separate brokers with a comma or a space, not “;”');
  });
});

describe('parseBroker', () => {
  it('reads host names, IPv4 and bracketed IPv6 with their port', () => {
    expect(parseBroker('kafka-1.city.local:9092')).toEqual({ ok: true, value: { host: 'kafka-1.city.local', kind: 'name', port: 9092 } });
    expect(parseBroker('kafka01:1')).toEqual({ ok: true, value: { host: 'kafka01', kind: 'name', port: 1 } });
    expect(parseBroker('127.0.0.1:65535')).toEqual({ ok: true, value: { host: '127.0.0.1', kind: 'ipv4', port: 65_535 } });
    expect(parseBroker('[::1]:9092')).toEqual({ ok: true, value: { host: '::1', kind: 'ipv6', port: 9092 } });
    expect(parseBroker('[::ffff:127.0.0.1]:9092')).toMatchObject({ ok: true, value: { host: '::ffff:127.0.0.1', kind: 'ipv6' } });
    expect(parseBroker('[0:0:0:0:0:0:0:1]:9092')).toMatchObject({ ok: true, value: { kind: 'ipv6' } });
  });

  it('says what is wrong, in words, for each bad form', () => {
    expect(describeBrokerProblem('kafka01')).toBe('Add the port, e.g. kafka01:9092');
    expect(describeBrokerProblem('kafka01:99999')).toBe('The port must be a number from 1 to 65535, not 99999');
    expect(describeBrokerProblem('kafka01:0')).toBe('The port must be a number from 1 to 65535, not 0');
    expect(describeBrokerProblem('kafka01:')).toBe('The port is missing after “:”');
    expect(describeBrokerProblem('kafka01:90a')).toBe('The port must be a number from 1 to 65535, not “90a”');
    expect(describeBrokerProblem(':9092')).toBe('The host name is missing');
    expect(describeBrokerProblem('kafka://kafka01:9092')).toMatch(/^Leave out “kafka:\/\/”/);
    expect(describeBrokerProblem('kafka01:9092/x')).toMatch(/host:port only/);
    expect(describeBrokerProblem('kafka_01.-bad:9092')).toMatch(/is not a host name/);
    expect(describeBrokerProblem('-kafka:9092')).toMatch(/“-kafka” is not a host name/);
    expect(describeBrokerProblem('256.0.0.1:9092')).toMatch(/“256.0.0.1” is not an IPv4 address/);
    expect(describeBrokerProblem('127.0.0:9092')).toMatch(/is not an IPv4 address/);
    expect(describeBrokerProblem('::1:9092')).toBe('Put an IPv6 address in brackets, e.g. [::1]:9092');
    expect(describeBrokerProblem('[::1')).toMatch(/never closes/);
    expect(describeBrokerProblem('[::1]')).toBe('Add the port, e.g. [::1]:9092');
    expect(describeBrokerProblem('[::1::2]:9092')).toBe('“::1::2” is not an IPv6 address');
    expect(describeBrokerProblem('[::g]:9092')).toBe('“::g” is not an IPv6 address');
    expect(describeBrokerProblem('[127.0.0.1]:9092')).toBe('“127.0.0.1” is not an IPv6 address');
    expect(describeBrokerProblem('[::1]x:9092')).toMatch(/Only “:port” may follow/);
  });
});

describe('KafkaSourceSchema brokers', () => {
  it('accepts valid entries and refuses the forms the dialog refuses, with the same plain message', () => {
    expect(kafka(['kafka-1.city.local:9092', '127.0.0.1:19092', '[::1]:9092']).success).toBe(true);
    for (const [entry, message] of [
      ['kafka01', 'Add the port, e.g. kafka01:9092'],
      ['kafka01:99999', 'The port must be a number from 1 to 65535, not 99999'],
      ['a:9092;b:9092', 'Separate brokers with a comma or a space, not “;”'],
    ] as const) {
      const result = kafka(['127.0.0.1:9092', entry]);
      expect(result.success, entry).toBe(false);
      expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['brokers.1', message]]);
    }
    expect(kafka([]).error?.issues[0]?.message).toBe('At least one broker');
  });
});
