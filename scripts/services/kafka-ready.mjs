// Waits until the broker at argv[2] (host:port) answers metadata and group requests, or argv[3] seconds pass.
// Exit 0 when ready, 1 on timeout. Plain ESM so it starts fast (no TypeScript loader).
import { Kafka, logLevel } from 'kafkajs';

const broker = process.argv[2];
const deadline = Date.now() + Number(process.argv[3] ?? 90) * 1000;
const kafka = new Kafka({ clientId: 'services-ready', brokers: [broker], logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 });

while (Date.now() < deadline) {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    // A group lookup makes the broker create __consumer_offsets now, so the first test's consumer group
    // does not meet a coordinator that is still loading.
    await admin.describeGroups(['services-ready']);
    await admin.disconnect();
    if (cluster.brokers.length > 0) process.exit(0);
  } catch {
    await admin.disconnect().catch(() => {});
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
}
process.exit(1);
