import { describe, expect, it } from 'vitest';
import { SimulatorSourceSchema, KafkaSourceSchema } from '../../src-shared/settings/schema';
import type { Profile } from '../../src-shared/settings/schema';
import { brokerErrors, connectionProblem, splitBrokers } from './broker-list';

function profile(brokers: string[], database: Profile['database'] = { kind: 'pglite', dir: null }): Profile {
  return { id: 'p', name: 'P', source: { ...KafkaSourceSchema.parse({ kind: 'kafka', brokers: ['127.0.0.1:9092'], topics: ['t'] }), brokers }, database };
}

describe('broker list', () => {
  it('splits on commas, spaces and new lines, not on semicolons', () => {
    expect(splitBrokers(' a:1, b:2\nc:3 d:4 ')).toEqual(['a:1', 'b:2', 'c:3', 'd:4']);
    expect(splitBrokers('a:9092;b:9092')).toEqual(['a:9092;b:9092']);
  });

  it('names every refused entry with its own plain message', () => {
    expect(brokerErrors(['kafka-1.city.local:9092', '127.0.0.1:19092', '[::1]:9092'])).toEqual([]);
    expect(brokerErrors(['kafka01', 'ok:9092', 'big:99999', 'a:9092;b:9092'])).toEqual([
      { entry: 'kafka01', message: 'Add the port, e.g. kafka01:9092' },
      { entry: 'big:99999', message: 'The port must be a number from 1 to 65535, not 99999' },
      { entry: 'a:9092;b:9092', message: 'Separate brokers with a comma or a space, not “;”' },
    ]);
    expect(brokerErrors([])[0]?.message).toMatch(/At least one/);
  });
});

describe('connectionProblem', () => {
  it('blocks a profile with a bad broker or a bad PostgreSQL URL, and nothing else', () => {
    expect(connectionProblem(profile(['127.0.0.1:9092', 'kafka01']))).toBe('Broker “kafka01”: Add the port, e.g. kafka01:9092');
    expect(connectionProblem(profile([]))).toMatch(/^At least one broker/);
    expect(connectionProblem(profile(['127.0.0.1:9092'], { kind: 'postgres', url: 'localhost:5432', ssl: false }))).toMatch(/^Database URL: “localhost:5432” has no scheme/);
    expect(connectionProblem(profile(['127.0.0.1:9092'], { kind: 'postgres', url: 'postgres://sw@localhost:5432/sw', ssl: false }))).toBeNull();
    expect(connectionProblem({ id: 'p', name: 'P', source: SimulatorSourceSchema.parse({ kind: 'simulator' }), database: { kind: 'memory' } })).toBeNull();
  });
});
