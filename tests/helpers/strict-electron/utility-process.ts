/**
 * utilityProcess.fork as docs/api/utility-process.md describes it, run as a real Node child process so the
 * real engine runs behind the fake: it cannot be called before 'ready'; the child sees
 * `process.parentPort`; 'spawn' comes once the child runs, 'exit' with its code; messages and
 * MessagePortMain ends go to the child with postMessage(message, [ports]).
 */
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tsxImportArgs } from '../../../src-main/engine/host/engine-entry-path';
import type { FakeRuntime } from './rules';
import { Emitter } from './rules';
import { FakeMessagePortMain } from './windows';

const SHIM = fileURLToPath(new URL('./utility-child.cjs', import.meta.url));

export class FakeUtilityProcess extends Emitter {
  readonly child: ChildProcess;
  /** Every message the child posted, in order (the test reads the engine's protocol from here). */
  readonly received: unknown[] = [];
  exitCode: number | null = null;
  private readonly ports = new Map<number, FakeMessagePortMain>();
  private nextPortId = 1;

  constructor(modulePath: string, args: readonly string[]) {
    super();
    const execArgv = [...(modulePath.endsWith('.ts') ? tsxImportArgs() : []), '--require', SHIM];
    this.child = fork(modulePath, [...args], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('spawn', () => this.emit('spawn'));
    this.child.on('message', (envelope: { kind: string; data?: unknown; id?: number }) => this.fromChild(envelope));
    this.child.on('exit', (code, signal) => {
      this.exitCode = code ?? (signal === null ? 0 : 1);
      for (const port of this.ports.values()) port.close();
      this.emit('exit', this.exitCode);
    });
  }

  static fork(modulePath: string, args: readonly string[], runtime: FakeRuntime): FakeUtilityProcess {
    runtime.requireReady('utilityProcess', 'utilityProcess cannot be created before app is ready.');
    const process = new FakeUtilityProcess(modulePath, args);
    return process;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Messages are structured-cloned; transferred ports move to the child (using them here afterwards does nothing). */
  postMessage(message: unknown, transfer: unknown[] = []): void {
    if (this.exitCode !== null || !this.child.connected) return;
    const portIds = transfer.map((port) => {
      if (!(port instanceof FakeMessagePortMain)) throw new TypeError('Invalid value for transfer: expected MessagePortMain');
      const id = this.nextPortId++;
      port.transferredTo = `utility process ${this.pid}`;
      this.ports.set(id, port);
      return id;
    });
    this.child.send({ kind: 'message', data: message, portIds });
  }

  kill(): boolean {
    return this.child.kill('SIGTERM');
  }

  private fromChild(envelope: { kind: string; data?: unknown; id?: number }): void {
    if (envelope.kind === 'message') {
      this.received.push(envelope.data);
      this.emit('message', envelope.data);
    } else if (envelope.kind === 'port-message') {
      this.ports.get(envelope.id ?? -1)?.postFromRemote(envelope.data);
    } else if (envelope.kind === 'port-close') {
      this.ports.get(envelope.id ?? -1)?.close();
    }
  }
}
