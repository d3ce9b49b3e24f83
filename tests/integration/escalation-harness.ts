/**
 * Receivers for the escalation tests, all on 127.0.0.1: a small HTTP server that records every POST
 * (and answers with a chosen status, or never), a real SMTP server (Debian's python3-aiosmtpd, whose
 * default handler prints each message), and a port on which nothing listens.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, connect } from 'node:net';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got. */
export interface ReceivedPost {
  readonly at: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

export interface HttpReceiver {
  readonly url: string;
  readonly posts: ReceivedPost[];
  close(): Promise<void>;
}

/** `answer(n)` gives the status of the n-th request (0-based); 'hang' never answers. */
export async function startHttpReceiver(answer: (index: number) => number | 'hang' = () => 204): Promise<HttpReceiver> {
  const posts: ReceivedPost[] = [];
  let count = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = count++;
      const text = Buffer.concat(chunks).toString('utf8');
      posts.push({ at: Date.now(), headers: req.headers, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) });
      const status = answer(index);
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 300 ? 'receiver says no' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    posts,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A port on 127.0.0.1 with nothing listening (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** How aiosmtpd's default (Debugging) handler frames each message on stdout. */
const MESSAGE_START = '---------- MESSAGE FOLLOWS ----------';
const MESSAGE_END = '------------ END MESSAGE ------------';

export interface SmtpSink {
  readonly port: number;
  /** Each received message's raw text (headers and body). */
  readonly messages: string[];
  /** When each message was printed (epoch ms), parallel to messages. */
  readonly receivedAt: number[];
  close(): Promise<void>;
}

/** The Python that has aiosmtpd: Debian's /usr/bin/python3 first (a pyenv python3 on PATH usually lacks it). */
export function aiosmtpdPython(): string {
  for (const python of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(python, ['-c', 'import aiosmtpd'], { stdio: 'ignore' }).status === 0) return python;
  }
  throw new Error('aiosmtpd is not installed: run scripts/ci-setup.sh (it installs python3-aiosmtpd)');
}

/** Starts `python3 -m aiosmtpd -n -l 127.0.0.1:<port>`; `extraArgs` e.g. --tlscert/--tlskey for STARTTLS. */
export async function startSmtpSink(extraArgs: readonly string[] = []): Promise<SmtpSink> {
  const port = await closedPort();
  const child = spawn(aiosmtpdPython(), ['-u', '-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  const messages: string[] = [];
  const receivedAt: number[] = [];
  let buffer = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    buffer += text;
    for (;;) {
      const start = buffer.indexOf(MESSAGE_START);
      const end = buffer.indexOf(MESSAGE_END);
      if (start < 0 || end < start) break;
      messages.push(buffer.slice(start + MESSAGE_START.length, end));
      receivedAt.push(Date.now());
      buffer = buffer.slice(end + MESSAGE_END.length);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => { errors += text; });
  await waitForPort(port, child, () => errors);
  return { port, messages, receivedAt, close: () => stop(child) };
}

/** A printed message with its quoted-printable soft line breaks and escapes undone (UTF-8). */
export function decodedMail(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(joined.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

/** Polls `check` every 25 ms until it holds or `timeoutMs` passes. */
export async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function waitForPort(port: number, child: ChildProcess, errors: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`aiosmtpd exited (${child.exitCode}): ${errors()}`);
    const isOpen = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    if (isOpen) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop(child);
  throw new Error(`aiosmtpd did not listen on 127.0.0.1:${port} within 10 s: ${errors()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
