// Exits 0 when an MQTT broker answers a CONNECT at host:port (argv[2]) within 2 s, 1 otherwise.
import { connect } from 'node:net';

const [host, port] = (process.argv[2] ?? '127.0.0.1:1883').split(':');
// CONNECT, MQTT 3.1.1, clean session, keepalive 5 s, client id "sw-ready".
const id = Buffer.from('sw-ready');
const body = Buffer.concat([Buffer.from([0, 4, 77, 81, 84, 84, 4, 2, 0, 5, 0, id.length]), id]);
const packet = Buffer.concat([Buffer.from([0x10, body.length]), body]);
const socket = connect({ host, port: Number(port) });
const finish = (code) => {
  socket.destroy();
  process.exit(code);
};
socket.setTimeout(2000, () => finish(1));
socket.on('error', () => finish(1));
socket.on('connect', () => socket.write(packet));
// CONNACK is 0x20 0x02 <flags> <return code>; 0 = accepted.
socket.on('data', (data) => finish(data[0] === 0x20 && data[3] === 0 ? 0 : 1));
