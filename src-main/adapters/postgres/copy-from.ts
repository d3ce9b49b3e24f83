import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';

/**
 * Streams COPY … FROM STDIN over one pooled connection (pg-copy-streams speaks the CopyData protocol
 * pg itself lacks). The socket's backpressure paces the chunks, and each next chunk is built on a
 * later turn of the event loop, so a large batch never blocks the engine in one piece. A server error
 * or a lost connection rejects (pg fails the active query, which errors the stream); a chunk that
 * throws while being built aborts the COPY with CopyFail.
 */
export async function copyFrom(client: pg.PoolClient, sql: string, chunks: Iterable<string>): Promise<number> {
  const stream = client.query(copyFromStdin(sql));
  await pipeline(Readable.from(onLaterTurns(chunks)), stream);
  return stream.rowCount;
}

async function* onLaterTurns(chunks: Iterable<string>): AsyncGenerator<string> {
  let first = true;
  for (const chunk of chunks) {
    if (!first) await nextTurn();
    first = false;
    yield chunk;
  }
}
